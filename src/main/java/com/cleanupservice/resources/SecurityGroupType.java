package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ResourceRef;
import com.google.gson.annotations.SerializedName;

import java.util.List;
import java.util.Map;

/**
 * A VPC security group, of a node or of a whole deployment. IBM refuses (409) to delete a group while it has targets,
 * so a group goes after the VNIs that use it (a deployment's own groups after all of its nodes). A VPC's default group
 * can never be deleted: the look before the delete finds it and reports it BLOCKED instead of retrying a 409.
 */
public final class SecurityGroupType extends DeclaredType
        implements ResourceType.Inspect {

    private static final Declaration DECLARATION = Declaration.of("security_group", "security_groups", "security_group_deletion", IbmApi.VPC)
            .after("virtual_network_interface")
            .request("DELETE /v1/security_groups/{id}")
            .cli("is security-group {id}", "is security-group-delete {id} -f")
            .fields(Map.of("name", RecordField.TEXT));

    private static final TrackedTable TABLE = TrackedTable.sharedLedger().identity("json_build_object('name', t.name)");

    /** IBM's security group, the fields this type reads. */
    public record SecurityGroup(String id, String name, ResourceRef vpc, List<ResourceRef> targets) {
    }

    /** IBM's VPC, for the one thing this type asks of it. */
    public record Vpc(String id, @SerializedName("default_security_group") ResourceRef defaultSecurityGroup) {
    }

    /** The VPC calls this type makes. */
    public record SecurityGroups(IbmService vpc) {
        public SecurityGroup getSecurityGroup(String id) {
            return vpc.get("/security_groups/{id}", Map.of("id", id), "getSecurityGroup", SecurityGroup.class);
        }

        /** 204; 409 while the group has targets, and always for a VPC's default group. */
        public void deleteSecurityGroup(String id) {
            vpc.delete("/security_groups/{id}", Map.of("id", id), "deleteSecurityGroup");
        }

        public Page<SecurityGroup> listSecurityGroups(String start, int limit) {
            return vpc.list("/security_groups", Map.of(), Map.of(), "listSecurityGroups", "security_groups", SecurityGroup.class,
                    start, limit);
        }

        public Vpc getVpc(String id) {
            return vpc.get("/vpcs/{id}", Map.of("id", id), "getVpc", Vpc.class);
        }
    }

    private static SecurityGroups calls(IbmClients ibm) {
        return new SecurityGroups(ibm.vpc());
    }

    /** VPC id to its default group's id ("" when it names none). */
    private final Map<String, String> defaultGroups = new java.util.concurrent.ConcurrentHashMap<>();

    public SecurityGroupType(Settings settings) {
        super(DECLARATION, TABLE); // the constructor taking Settings is the registration contract
    }

    @Override
    public boolean inspectsFirst() {
        return true;
    }

    /** Gone settles it; so does not being the group recorded (its name), or being its VPC's default group, which IBM never deletes. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource group, Sightings seen) {
        var look = Look.at(group, () -> calls(ibm).getSecurityGroup(group.ibmId()),
                "Security group " + group.label() + " not found (already deleted)", live -> Identity.live(Identity.NAME, live.name()));
        if (look.settled() != null) {
            return look.settled();
        }
        ResourceRef inVpc = look.current().vpc();
        if (inVpc != null && inVpc.id() != null) {
            // a VPC's default group never changes: asked once per VPC, not once per group
            String defaultGroup = defaultGroups.computeIfAbsent(inVpc.id(), id -> {
                Vpc vpc = calls(ibm).getVpc(id);
                return vpc.defaultSecurityGroup() == null ? "" : vpc.defaultSecurityGroup().id();
            });
            if (group.ibmId().equals(defaultGroup)) {
                return Attempt.blocked("Security group " + group.label() + " is the default group of VPC " + inVpc.id()
                        + "; IBM Cloud never deletes a VPC's default group (it goes with the VPC), so nothing will: it should not have been recorded");
            }
        }
        return null;
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource group) {
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteSecurityGroup(group.ibmId()),
                Attempt.deleted("Deleted security group " + group.label() + " (" + group.ibmId() + ")"),
                "Security group " + group.label() + " not found (already deleted)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource group) {
        return Attempt.unlessGone(() -> {
            SecurityGroup current = calls(ibm).getSecurityGroup(group.ibmId());
            int targets = current.targets() == null ? 0 : current.targets().size();
            return Attempt.stillPresent("Security group " + group.label() + " (" + group.ibmId() + ") still exists ("
                    + targets + " target(s))" + Identity.note(group, Identity.live(Identity.NAME, current.name())));
        }, "Security group " + group.label() + " not found (successfully deleted)");
    }
}
