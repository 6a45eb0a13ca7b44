package com.cleanupservice.plans;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The digest and the changes of a snapshot, without a database. */
class SnapshotTest {
    private static final Snapshot.Row SERVER = new Snapshot.Row("bare_metal_server", 3, "0717-s", "PRESENT", "n1", "d");
    private static final Snapshot.Row VNI = new Snapshot.Row("virtual_network_interface", 7, "0717-v", "PRESENT", "n1", "d");
    private static final Snapshot.Row CLUSTER = new Snapshot.Row("dns_record", 9, "A:c", "PRESENT", null, "d");
    private static final List<Snapshot.Node> NODES = List.of(new Snapshot.Node(1, "n1", "failed"), new Snapshot.Node(2, "n2", "failed"));

    private static Snapshot of(Snapshot.Row... rows) {
        return new Snapshot(List.of(rows), NODES);
    }

    @Test
    void theDigestDependsOnNeitherRowNorNodeOrder() {
        assertThat(of(SERVER, VNI, CLUSTER).digest())
                .isEqualTo(new Snapshot(List.of(CLUSTER, VNI, SERVER), List.of(NODES.get(1), NODES.get(0))).digest())
                .matches("[0-9a-f]{64}");
    }

    @Test
    void aRowAddedAStateChangedAnOwnerChangedOrANodeChangedChangesIt() {
        String digest = of(SERVER, VNI).digest();
        assertThat(of(SERVER, VNI, CLUSTER).digest()).isNotEqualTo(digest);
        assertThat(of(SERVER, new Snapshot.Row("virtual_network_interface", 7, "0717-v", "FAILED", "n1", "d")).digest()).isNotEqualTo(digest);
        assertThat(of(SERVER, new Snapshot.Row("virtual_network_interface", 7, "0717-v", "PRESENT", "n2", "d")).digest()).isNotEqualTo(digest);
        assertThat(new Snapshot(List.of(SERVER, VNI), List.of(NODES.get(0), new Snapshot.Node(2, "n2", "deployed"))).digest()).isNotEqualTo(digest);
    }

    @Test
    void theChangesSayWhatChanged() {
        Snapshot before = of(SERVER, VNI, CLUSTER);
        Snapshot.Row added = new Snapshot.Row("floating_ip", 11, "r006-f", "PRESENT", "n1", "d");
        Snapshot after = new Snapshot(List.of(new Snapshot.Row("bare_metal_server", 3, "0717-s", "DELETING", "n1", "d"), added),
                List.of(NODES.get(0), new Snapshot.Node(2, "n2", "cleanup_failed")));

        // the VNI went to a node outside the target; the cluster record is nowhere any more
        Snapshot.Changes changes = before.changesTo(after, keys -> keys.contains(VNI.key())
                ? Map.of(VNI.key(), new Snapshot.Row("virtual_network_interface", 7, "0717-v", "PRESENT", "n9", "d")) : Map.of());

        assertThat(changes.none()).isFalse();
        assertThat(changes.rowsAdded()).extracting(r -> r.resource_id()).containsExactly("r006-f");
        assertThat(changes.rowsRemoved()).extracting(r -> r.resource_id()).containsExactly("A:c");
        assertThat(changes.statesChanged()).singleElement().satisfies(c -> {
            assertThat(c.resource_id()).isEqualTo("0717-s");
            assertThat(c.from()).isEqualTo("PRESENT");
            assertThat(c.to()).isEqualTo("DELETING");
        });
        assertThat(changes.ownershipMoved()).singleElement().satisfies(c -> {
            assertThat(c.resource_id()).isEqualTo("0717-v");
            assertThat(c.from()).isEqualTo("n1");
            assertThat(c.to()).isEqualTo("n9");
        });
        assertThat(changes.nodesChanged()).singleElement().satisfies(n -> {
            assertThat(n.node_id()).isEqualTo(2);
            assertThat(n.from()).isEqualTo("n2 failed");
            assertThat(n.to()).isEqualTo("n2 cleanup_failed");
        });
        assertThat(changes.summary()).contains("1 row(s) added", "1 row(s) removed", "1 state(s) changed", "1 row(s) moved", "1 node(s) changed");
        assertThat(before.changesTo(of(CLUSTER, VNI, SERVER), keys -> Map.of()).none()).isTrue();
    }
}
