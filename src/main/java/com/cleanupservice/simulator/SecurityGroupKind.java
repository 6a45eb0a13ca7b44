package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * VPC security groups, under {@code /v1/security_groups}. IBM refuses (409) to delete a group that still has
 * targets, and never deletes a VPC's default group.
 *
 * <p>The simulated VPC has one default group, {@link #DEFAULT_ID}, seeded with the store and after every reset. As
 * at IBM, a virtual network interface created without security groups is in the default group: here, every VNI that
 * no other group targets. Other groups hold their targets explicitly. A VNI that goes (by a DELETE or with its
 * server) leaves every group, so no group ever holds up the deletion of anything else.
 */
final class SecurityGroupKind extends SimKind<SecurityGroupKind.SecurityGroup> {
    static final String DEFAULT_ID = "r006-00000000-5a4d-4b0c-8000-0000000000d5";
    static final String DEFAULT_NAME = IbmCloudSimulator.VPC_NAME + "-default-security-group";
    private static final String TARGET_INDEX = "target";

    /**
     * @param targetVniIds the VNIs this group targets; always empty for the default group, whose targets are
     *                     derived (see the class comment)
     */
    record SecurityGroup(String id, long seq, String name, Instant createdAt, List<String> targetVniIds,
                         boolean isDefault) implements Resource {
        SecurityGroup {
            targetVniIds = List.copyOf(targetVniIds);
        }

        SecurityGroup without(String vniId) {
            List<String> targets = new ArrayList<>(targetVniIds);
            targets.remove(vniId);
            return new SecurityGroup(id, seq, name, createdAt, targets, isDefault);
        }
    }

    SecurityGroupKind() {
        super(SecurityGroup.class, Declaration.of("security_group", "security_groups", Api.VPC, "/v1/security_groups",
                "Security group"));
    }

    /** Groups by the VNIs they explicitly target. */
    @Override
    Map<String, Function<SecurityGroup, Collection<String>>> indexes() {
        return Map.of(TARGET_INDEX, SecurityGroup::targetVniIds);
    }

    @Override
    Map<String, BiPredicate<SecurityGroup, String>> filters() {
        Map<String, BiPredicate<SecurityGroup, String>> filters = new LinkedHashMap<>();
        filters.put("resource_group.id", (g, groupId) -> groupId.equals(IbmCloudSimulator.RESOURCE_GROUP_ID));
        filters.put("vpc.id", (g, vpcId) -> vpcId.equals(IbmCloudSimulator.VPC_ID));
        filters.put("vpc.name", (g, vpcName) -> vpcName.equals(IbmCloudSimulator.VPC_NAME));
        return filters;
    }

    @Override
    Reply delete(CloudTx tx, SecurityGroup group, boolean deleteFails) {
        if (group.isDefault()) {
            throw ApiException.conflict("security_group_is_default", "The security group " + group.id()
                    + " is the default security group of VPC " + IbmCloudSimulator.VPC_ID + "; it cannot be deleted.");
        }
        if (!group.targetVniIds().isEmpty()) {
            throw ApiException.conflict("security_group_in_use", "The security group " + group.id() + " still has "
                    + group.targetVniIds().size() + " target(s) (" + String.join(", ", group.targetVniIds())
                    + "); remove them before deleting it.");
        }
        return removeNow(tx, group);
    }

    /** A VNI that goes leaves every group. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, VirtualNetworkInterfaceKind.Vni.class, TARGET_INDEX, SecurityGroup::without);
    }

    /** A VNI lists the groups that target it. */
    @Override
    void decorate(CloudTx tx, Resource other, Map<String, Object> json) {
        if (other instanceof VirtualNetworkInterfaceKind.Vni vni) {
            json.put("security_groups", groupsOf(tx, vni.id()).stream().map(g -> reference(tx, g)).toList());
        }
    }

    @Override
    void seed(CloudTx tx) {
        if (tx.get(SecurityGroup.class, DEFAULT_ID) == null) {
            tx.put(new SecurityGroup(DEFAULT_ID, tx.nextSeq(), DEFAULT_NAME, tx.now(), List.of(), true));
        }
    }

    @Override
    boolean builtIn(SecurityGroup group) {
        return group.isDefault();
    }

    private static List<SecurityGroup> groupsOf(CloudTx tx, String vniId) {
        List<SecurityGroup> explicit = tx.indexed(SecurityGroup.class, TARGET_INDEX, vniId);
        if (!explicit.isEmpty()) {
            return explicit;
        }
        SecurityGroup defaultGroup = tx.get(SecurityGroup.class, DEFAULT_ID);
        return defaultGroup == null ? List.of() : List.of(defaultGroup);
    }

    private static List<String> targetsOf(CloudTx tx, SecurityGroup group) {
        if (!group.isDefault()) {
            return group.targetVniIds();
        }
        Set<String> elsewhere = new HashSet<>();
        tx.all(SecurityGroup.class).forEach(g -> elsewhere.addAll(g.targetVniIds()));
        return tx.all(VirtualNetworkInterfaceKind.Vni.class).stream().map(VirtualNetworkInterfaceKind.Vni::id)
                .filter(id -> !elsewhere.contains(id)).toList();
    }

    // ---------------------------------------------------------------- admin

    @Override
    Set<String> adminFields() {
        return Set.of("id", "name", "target_ids");
    }

    /** {@code target_ids} names the VNIs it targets; they leave the default group. */
    @Override
    SecurityGroup create(CloudTx tx, Fields fields) {
        List<String> targets = fields.distinctStringList("target_ids", "a target can only be named once");
        targets.forEach(vniId -> tx.existing(VirtualNetworkInterfaceKind.Vni.class, vniId));
        String id = tx.newId(SecurityGroup.class, fields.string("id"), "r006-" + UUID.randomUUID());
        SecurityGroup group = new SecurityGroup(id, tx.nextSeq(), nameOr(fields.string("name"), "security-group"),
                tx.now(), targets, false);
        tx.put(group);
        return group;
    }

    // ---------------------------------------------------------------- JSON

    @Override
    Map<String, Object> render(CloudTx tx, SecurityGroup group) {
        IbmJson ibm = tx.json();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", IbmJson.timestamp(group.createdAt()));
        json.put("crn", ibm.crn("security-group", group.id()));
        json.put("href", href(tx, group));
        json.put("id", group.id());
        json.put("name", group.name());
        json.put("resource_group", ibm.resourceGroup());
        json.put("rules", List.of());
        json.put("targets", targetsOf(tx, group).stream()
                .map(vniId -> tx.reference(tx.get(VirtualNetworkInterfaceKind.Vni.class, vniId))).toList());
        json.put("vpc", ibm.vpc());
        return json;
    }

    /** IBM names a VPC's default group in the VPC: the only way to tell it from the others. */
    @Override
    void decorateVpc(CloudTx tx, Map<String, Object> json) {
        SecurityGroup defaultGroup = tx.get(SecurityGroup.class, DEFAULT_ID);
        if (defaultGroup != null) {
            json.put("default_security_group", reference(tx, defaultGroup));
        }
    }

    @Override
    Map<String, Object> reference(CloudTx tx, SecurityGroup group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("crn", tx.json().crn("security-group", group.id()));
        json.put("href", href(tx, group));
        json.put("id", group.id());
        json.put("name", group.name());
        return json;
    }

    // ---------------------------------------------------------------- persistence

    @Override
    Map<String, Object> toDocument(SecurityGroup group) {
        return Fields.of("name", group.name(), "created_at", IbmJson.timestamp(group.createdAt()),
                "target_vni_ids", group.targetVniIds(), "default", group.isDefault()).json();
    }

    @Override
    SecurityGroup fromDocument(String id, long seq, Fields doc) {
        return new SecurityGroup(id, seq, doc.string("name"), doc.instant("created_at"), doc.stringList("target_vni_ids"),
                doc.bool("default"));
    }
}
