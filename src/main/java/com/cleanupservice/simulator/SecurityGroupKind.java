package com.cleanupservice.simulator;

import com.cleanupservice.simulator.IbmJson.Reference;
import com.cleanupservice.simulator.IbmJson.ResourceGroup;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
                         @JsonProperty("default") boolean isDefault) implements Resource {
        SecurityGroup {
            targetVniIds = List.copyOf(targetVniIds);
        }

        SecurityGroup without(String vniId) {
            List<String> targets = new ArrayList<>(targetVniIds);
            targets.remove(vniId);
            return new SecurityGroup(id, seq, name, createdAt, targets, isDefault);
        }
    }

    record Json(Instant createdAt, String crn, String href, String id, String name, ResourceGroup resourceGroup,
                List<Object> rules, List<Reference> targets, Reference vpc) {
    }

    /** What a group adds to a VNI's JSON: the groups that target it. */
    record OfVni(List<Reference> securityGroups) {
    }

    /** What the default group adds to the VPC's JSON: IBM names it there, the only way to tell it from the others. */
    record OfVpc(Reference defaultSecurityGroup) {
    }

    /** {@code POST /sim/resources}: {@code target_ids} names the VNIs it targets; they leave the default group. */
    record Create(String id, String name, List<String> targetIds) {
        Create {
            Fields.distinct(targetIds, "a target can only be named once");
        }
    }

    SecurityGroupKind() {
        super(SecurityGroup.class, Create.class, Declaration.of("security_group", "security_groups", Api.VPC, "/v1/security_groups",
                "Security group"));
    }

    /** Groups by the VNIs they explicitly target. */
    @Override
    Map<String, Function<SecurityGroup, Collection<String>>> indexes() {
        return Map.of(TARGET_INDEX, SecurityGroup::targetVniIds);
    }

    @Override
    Map<String, BiPredicate<SecurityGroup, String>> filters() {
        return Map.of("resource_group.id", sharedBy(IbmCloudSimulator.RESOURCE_GROUP_ID),
                "vpc.id", sharedBy(IbmCloudSimulator.VPC_ID),
                "vpc.name", sharedBy(IbmCloudSimulator.VPC_NAME));
    }

    @Override
    Set<String> jsonFilters() {
        return Set.of("vpc.crn");
    }

    /**
     * The group's targets (removable: IBM's remedy for a group that still has targets, answered 202) and its rules
     * (none: the simulated groups have no rules). A VNI's only group cannot be left (409): the default group's
     * targets are exactly the VNIs no other group has.
     */
    @Override
    List<Nested<SecurityGroup>> nested() {
        return List.of(
                new Nested<>("targets", "target", "Security group target", true,
                        (tx, g) -> targetsOf(tx, g).stream().map(vniId -> new Member(vniId,
                                tx.reference(tx.get(VirtualNetworkInterfaceKind.Vni.class, vniId)))).toList(),
                        "delete_security_group_target_binding", SecurityGroupKind::removeTarget),
                new Nested<>("rules", "rule", "Security group rule", false, (tx, g) -> List.of(), null, null));
    }

    private static HttpSupport.Reply removeTarget(CloudTx tx, SecurityGroup group, Member target) {
        if (group.isDefault()) {
            throw ApiException.conflict("security_group_target_last_group", "The target " + target.id()
                    + " is in no other security group; it cannot leave the default security group " + group.id() + ".");
        }
        tx.put(group.without(target.id()));
        return HttpSupport.Reply.of(202, null);
    }

    @Override
    ApiException refusal(CloudTx tx, SecurityGroup group) {
        if (group.isDefault()) {
            return ApiException.conflict("security_group_is_default", "The security group " + group.id()
                    + " is the default security group of VPC " + IbmCloudSimulator.VPC_ID + "; it cannot be deleted.");
        }
        return group.targetVniIds().isEmpty() ? null : ApiException.conflict("security_group_in_use",
                "The security group " + group.id() + " still has " + group.targetVniIds().size() + " target(s) ("
                        + String.join(", ", group.targetVniIds()) + "); remove them before deleting it.");
    }

    /** A VNI that goes leaves every group. */
    @Override
    void onRemoved(CloudTx tx, Resource removed) {
        follow(tx, removed, VirtualNetworkInterfaceKind.Vni.class, TARGET_INDEX, SecurityGroup::without);
    }

    @Override
    OfVni decorate(CloudTx tx, Resource other) {
        return other instanceof VirtualNetworkInterfaceKind.Vni vni
                ? new OfVni(groupsOf(tx, vni.id()).stream().map(g -> reference(tx, g)).toList()) : null;
    }

    @Override
    OfVpc decorateVpc(CloudTx tx) {
        SecurityGroup defaultGroup = tx.get(SecurityGroup.class, DEFAULT_ID);
        return defaultGroup == null ? null : new OfVpc(reference(tx, defaultGroup));
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
        SecurityGroup defaultGroup = tx.get(SecurityGroup.class, DEFAULT_ID);
        return !explicit.isEmpty() || defaultGroup == null ? explicit : List.of(defaultGroup);
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

    @Override
    SecurityGroup create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        in.targetIds().forEach(vniId -> tx.existing(VirtualNetworkInterfaceKind.Vni.class, vniId));
        String id = tx.newId(SecurityGroup.class, in.id(), "r006-" + UUID.randomUUID());
        return tx.put(new SecurityGroup(id, tx.nextSeq(), nameOr(in.name(), "security-group"), tx.now(),
                in.targetIds(), false));
    }

    @Override
    Json render(CloudTx tx, SecurityGroup group) {
        List<Reference> targets = targetsOf(tx, group).stream()
                .map(vniId -> tx.reference(tx.get(VirtualNetworkInterfaceKind.Vni.class, vniId))).toList();
        return new Json(group.createdAt(), crn(tx, group), href(tx, group), group.id(), group.name(),
                tx.json().resourceGroup(), List.of(), targets, tx.json().vpc());
    }

    @Override
    Reference reference(CloudTx tx, SecurityGroup group) {
        return new Reference(null, crn(tx, group), href(tx, group), group.id(), group.name(), null);
    }
}
