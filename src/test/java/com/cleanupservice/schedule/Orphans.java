package com.cleanupservice.schedule;

import com.cleanupservice.demo.DemoData;
import com.cleanupservice.testsupport.SandboxApp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Test nodes of a given status and age, laid out like the demo ones (server, VNIs, IPs, DNS records). */
final class Orphans {
    private Orphans() {
    }

    static DemoData.Node seed(SandboxApp app, int id, String status, int ageHours) {
        DemoData.Node node = DemoData.node(id, "orphan-node-" + id, status);
        DemoData.seed(app.jdbc(), app.simulator(), "orphan-deployment-" + id, List.of(node), false);
        app.jdbc().update("UPDATE nodes SET updated_at = now() - make_interval(hours => ?) WHERE id = ?", ageHours, id);
        return node;
    }

    /**
     * A node whose cleanup completed: every row GONE in the ledger (the simulator still has the resources, so a sweep
     * that touched the node would show). Recording rows on a completed node reopens it (cleanup_pending), so the rows
     * are closed and the status set back afterwards.
     */
    static DemoData.Node completed(SandboxApp app, int id, int ageHours) {
        DemoData.Node node = seed(app, id, "cleanup_completed", ageHours);
        String name = node.name();
        app.jdbc().update("UPDATE nodes SET bare_metal_state = 'GONE' WHERE id = ?", id);
        app.jdbc().update("UPDATE vnic_info SET state = 'GONE' WHERE node_name = ?", name);
        app.jdbc().update("UPDATE ip_reservations SET state = 'GONE' WHERE node_name = ?", name);
        app.jdbc().update("UPDATE dns_records SET state = 'GONE' WHERE node_name = ?", name);
        app.jdbc().update("UPDATE nodes SET deployment_status = 'cleanup_completed', updated_at = now() - make_interval(hours => ?) WHERE id = ?",
                ageHours, id);
        return node;
    }

    static String status(SandboxApp app, long id) {
        return (String) app.jdbc().rows("SELECT deployment_status FROM nodes WHERE id = ?", (int) id).get(0).get("deployment_status");
    }

    /** Polls until the condition holds; fails after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
