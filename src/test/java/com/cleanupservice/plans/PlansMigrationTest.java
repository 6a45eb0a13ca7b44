package com.cleanupservice.plans;

import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V19's {@code cleanup_plans} on a database migrated from scratch (it adds a table and changes none): what the table
 * refuses by itself — a malformed plan id, a digest that is not hex SHA-256, an applied run without its time, a run
 * that does not exist — and what it takes.
 */
class PlansMigrationTest {
    private static final String INSERT = """
            INSERT INTO cleanup_plans (plan_id, target_kind, target, resources, snapshot, digest, requested_by, expires_at,
                                       applied_run_id, applied_at)
            VALUES (?, 'node', '{"kind": "node"}', '[]', '{"rows": [], "nodes": []}', ?, 'loopback', now() + interval '1 day',
                    ?, CAST(? AS TIMESTAMPTZ))
            """;
    private static final String DIGEST = "0".repeat(64);
    private static Jdbc jdbc;

    @BeforeAll
    static void migrate() {
        jdbc = TestDatabase.freshMigrated();
    }

    @Test
    void aPlanRowIsTakenAsThePlansStoreWritesIt() {
        String id = Plans.newId();
        jdbc.update(INSERT, id, DIGEST, null, null);
        UUID run = UUID.randomUUID();
        jdbc.update("INSERT INTO cleanup_runs (run_id, kind, trigger, state) VALUES (?, 'plan', 'api', 'running')", run);

        assertThat(jdbc.update("UPDATE cleanup_plans SET applied_run_id = ?, applied_at = now() WHERE plan_id = ?", run, id)).isOne();
        assertThat(Plans.shortId(id)).hasSize(8).isEqualTo(id.substring(3, 11));
    }

    @Test
    void whatTheTableRefusesByItself() {
        assertThatThrownBy(() -> jdbc.update(INSERT, "pl-TOO-SHORT", DIGEST, null, null)).hasMessageContaining("cleanup_plans_plan_id_check");
        assertThatThrownBy(() -> jdbc.update(INSERT, Plans.newId(), "not-a-digest", null, null)).hasMessageContaining("cleanup_plans_digest_check");
        assertThatThrownBy(() -> jdbc.update(INSERT, Plans.newId(), DIGEST, UUID.randomUUID(), "2026-01-01T00:00:00Z"))
                .hasMessageContaining("cleanup_plans_applied_run_id_fkey");
        UUID run = UUID.randomUUID();
        jdbc.update("INSERT INTO cleanup_runs (run_id, kind, trigger, state) VALUES (?, 'plan', 'api', 'running')", run);
        assertThatThrownBy(() -> jdbc.update(INSERT, Plans.newId(), DIGEST, run, null)).hasMessageContaining("cleanup_plans_check");
    }
}
