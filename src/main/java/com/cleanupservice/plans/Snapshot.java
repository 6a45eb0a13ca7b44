package com.cleanupservice.plans;

import com.cleanupservice.api.schema.PlanChanges;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The tracked state of a plan's target that its digest covers: every tracked row of the target's nodes (and of the
 * deployment itself for a deployment), whatever its state, with its type, tracked id, IBM id, ledger state and owner;
 * and the nodes with their ids, names and statuses. Kept sorted (rows by type and tracked id, nodes by id), so its
 * canonical form, and the digest, depend neither on the order rows were read in nor on any timestamp.
 */
public record Snapshot(List<Row> rows, List<Node> nodes) {
    private static final ObjectMapper CANONICAL = new ObjectMapper();
    private static final Comparator<Row> ROW_ORDER = Comparator.comparing(Row::type).thenComparingLong(Row::tracked_id);

    /** A tracked row: its owner is its node, or (a deployment's own row) its deployment. */
    public record Row(String type, long tracked_id, String ibm_id, String state, String node, String deployment) {
        String key() {
            return type + " " + tracked_id;
        }

        /** Who owns it, as a stale plan's answer says: the node's name, or {@code deployment:<id>} for a deployment's own. */
        String owner() {
            return node != null ? node : deployment == null ? null : "deployment:" + deployment;
        }

        PlanChanges.PlanRow wire() {
            return new PlanChanges.PlanRow(type, tracked_id, ibm_id, node, deployment, state);
        }
    }

    public record Node(long id, String name, String status) {
    }

    public Snapshot {
        rows = rows.stream().sorted(ROW_ORDER).toList();
        nodes = nodes.stream().sorted(Comparator.comparingLong(Node::id)).toList();
    }

    /** Hex SHA-256 of the canonical JSON of the sorted rows and nodes (each a fixed list of fields). */
    public String digest() {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(this);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a snapshot could not be digested", e);
        }
    }

    /** The rows by {@code "<type> <tracked id>"}. */
    Map<String, Row> byKey() {
        Map<String, Row> keyed = new LinkedHashMap<>();
        rows.forEach(r -> keyed.put(r.key(), r));
        return keyed;
    }

    /** The row of this type and IBM id, if the snapshot has it. */
    Row find(String type, String ibmId) {
        return rows.stream().filter(r -> r.type().equals(type) && r.ibm_id().equals(ibmId)).findFirst().orElse(null);
    }

    /**
     * What changed from this snapshot (the plan's) to {@code now}: rows added and removed, states changed, owners
     * moved, nodes changed. A row gone from the target that the ledger still has under another owner
     * ({@code elsewhere}, by key) moved rather than went.
     */
    public Changes changesTo(Snapshot now, Function<List<String>, Map<String, Row>> elsewhere) {
        Map<String, Row> before = byKey();
        Map<String, Row> after = now.byKey();
        List<PlanChanges.PlanRow> added = new ArrayList<>();
        List<PlanChanges.PlanRow> removed = new ArrayList<>();
        List<PlanChanges.PlanRowChange> states = new ArrayList<>();
        List<PlanChanges.PlanRowChange> moved = new ArrayList<>();
        after.values().stream().filter(r -> !before.containsKey(r.key())).forEach(r -> added.add(r.wire()));
        List<Row> missing = before.values().stream().filter(r -> !after.containsKey(r.key())).toList();
        Map<String, Row> found = missing.isEmpty() ? Map.of() : elsewhere.apply(missing.stream().map(Row::key).toList());
        for (Row old : missing) {
            Row there = found.get(old.key());
            if (there == null) {
                removed.add(old.wire());
            } else {
                moved.add(change(old, old.owner(), there.owner()));
                if (!Objects.equals(old.state(), there.state())) {
                    states.add(change(old, old.state(), there.state()));
                }
            }
        }
        for (Row old : before.values()) {
            Row current = after.get(old.key());
            if (current == null) {
                continue;
            }
            if (!Objects.equals(old.state(), current.state())) {
                states.add(change(old, old.state(), current.state()));
            }
            if (!Objects.equals(old.owner(), current.owner())) {
                moved.add(change(old, old.owner(), current.owner()));
            }
        }
        Map<Long, Node> nodesBefore = new LinkedHashMap<>();
        nodes.forEach(n -> nodesBefore.put(n.id(), n));
        Map<Long, Node> nodesAfter = new LinkedHashMap<>();
        now.nodes().forEach(n -> nodesAfter.put(n.id(), n));
        List<PlanChanges.PlanNodeChange> nodeChanges = new ArrayList<>();
        for (Node old : nodes) {
            Node current = nodesAfter.get(old.id());
            if (current == null) {
                nodeChanges.add(new PlanChanges.PlanNodeChange(old.id(), old.name(), describe(old), null));
            } else if (!old.equals(current)) {
                nodeChanges.add(new PlanChanges.PlanNodeChange(old.id(), current.name(), describe(old), describe(current)));
            }
        }
        now.nodes().stream().filter(n -> !nodesBefore.containsKey(n.id()))
                .forEach(n -> nodeChanges.add(new PlanChanges.PlanNodeChange(n.id(), n.name(), null, describe(n))));
        return new Changes(added, removed, states, moved, nodeChanges);
    }

    private static String describe(Node node) {
        return node.name() + " " + node.status();
    }

    private static PlanChanges.PlanRowChange change(Row row, String from, String to) {
        return new PlanChanges.PlanRowChange(row.type(), row.tracked_id(), row.ibm_id(), from, to);
    }

    /** What a stale plan's 409 lists. */
    public record Changes(List<PlanChanges.PlanRow> rowsAdded, List<PlanChanges.PlanRow> rowsRemoved,
                          List<PlanChanges.PlanRowChange> statesChanged, List<PlanChanges.PlanRowChange> ownershipMoved,
                          List<PlanChanges.PlanNodeChange> nodesChanged) {

        public boolean none() {
            return rowsAdded.isEmpty() && rowsRemoved.isEmpty() && statesChanged.isEmpty() && ownershipMoved.isEmpty() && nodesChanged.isEmpty();
        }

        /** A sentence for the refusal: how many of each. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            count(parts, rowsAdded.size(), "row(s) added");
            count(parts, rowsRemoved.size(), "row(s) removed");
            count(parts, statesChanged.size(), "state(s) changed");
            count(parts, ownershipMoved.size(), "row(s) moved to another owner");
            count(parts, nodesChanged.size(), "node(s) changed");
            return parts.isEmpty() ? "the tracked state changed" : String.join(", ", parts);
        }

        private static void count(List<String> parts, int n, String what) {
            if (n > 0) {
                parts.add(n + " " + what);
            }
        }
    }
}
