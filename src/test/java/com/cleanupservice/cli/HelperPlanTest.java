package com.cleanupservice.cli;

import com.cleanupservice.cli.HelperRun.Result;
import com.cleanupservice.demo.DemoData;
import com.cleanupservice.simulator.IbmCloudSimulator;
import com.cleanupservice.testsupport.SandboxApp;
import com.cleanupservice.testsupport.SharedSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cleanup-helper.sh plan} and {@code apply} against the real service: a plan printed with its short id, count,
 * resources and expiry; applied once; a stale, applied or expired plan refused with the service's message and exit 2.
 * On the shared application, with nodes of its own (ids 680-689).
 */
@SharedSandbox
class HelperPlanTest {
    private static final Pattern SHORT_ID = Pattern.compile("Plan ([a-z2-7]{8}) \\((pl-[a-z2-7]{20})\\)");
    private static SandboxApp app;
    private static IbmCloudSimulator sim;
    private static List<DemoData.Node> nodes;

    @BeforeAll
    static void start(SandboxApp shared) {
        app = shared;
        sim = app.simulator();
        nodes = List.of(DemoData.node(680, "cli-plan-680", "failed"), DemoData.node(681, "cli-plan-681", "deployed"),
                DemoData.node(682, "cli-plan-682", "failed"));
        DemoData.seed(app.jdbc(), sim, "cli-plan", nodes, false);
    }

    private static HelperRun helper() {
        return HelperRun.at(app.baseUrl());
    }

    private static Matcher planned(Result result) {
        Matcher m = SHORT_ID.matcher(result.stdout());
        assertThat(m.find()).as(result.toString()).isTrue();
        return m;
    }

    @Test
    void aPlanIsPrintedAndAppliedOnceThenRefusedNamingItsRun() {
        DemoData.Node node = nodes.get(0);

        Result plan = helper().run("plan", "node", node.name());

        assertThat(plan.exit()).as(plan.toString()).isZero();
        Matcher m = planned(plan);
        String shortId = m.group(1);
        assertThat(plan.stdout()).contains("of node " + node.name() + ": " + node.resourceCount() + " resource(s)", "expires ",
                node.serverId(), node.workloadVniId(), "Apply it with: cleanup-helper.sh apply " + shortId);
        assertThat(sim.exists("bare_metal_server", node.serverId())).as("a plan deletes nothing").isTrue();

        Result applied = helper().run("apply", shortId);

        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(applied.stdout()).contains("Plan " + m.group(2) + " applied", "Cleanup completed successfully for node " + node.name());
        assertThat(sim.exists("bare_metal_server", node.serverId())).isFalse();

        Result again = helper().run("apply", m.group(2));

        assertThat(again.exit()).as(again.toString()).isEqualTo(2);
        assertThat(again.stderr()).contains("HTTP 409", "was applied already", "Nothing was deleted again", "cleanup-helper.sh runs ");
    }

    @Test
    void aStalePlanListsWhatChangedAndALiveTargetNeedsForce() {
        DemoData.Node node = nodes.get(2);
        Result live = helper().run("plan", "node", nodes.get(1).name());
        assertThat(live.exit()).as(live.toString()).isEqualTo(2);
        assertThat(live.stderr()).contains("HTTP 409", "refused: " + nodes.get(1).name() + " (deployed)", "--force");

        String shortId = planned(helper().run("plan", "node", String.valueOf(node.id()))).group(1);
        app.jdbc().update("UPDATE ip_reservations SET state = 'FAILED' WHERE reservation_id = ?", node.ips().get(1).id());

        Result stale = helper().run("apply", shortId);

        assertThat(stale.exit()).as(stale.toString()).isEqualTo(2);
        assertThat(stale.stderr()).contains("HTTP 409", "is stale", "state:   subnet_reserved_ip " + node.ips().get(1).id() + ": PRESENT -> FAILED",
                "Nothing was deleted");
        assertThat(sim.exists("bare_metal_server", node.serverId())).isTrue();

        String expiring = planned(helper().run("plan", "node", node.name())).group(2);
        app.jdbc().update("UPDATE cleanup_plans SET expires_at = now() - interval '1 second' WHERE plan_id = ?", expiring);
        Result expired = helper().run("apply", expiring, "--async");
        assertThat(expired.exit()).as(expired.toString()).isEqualTo(2);
        assertThat(expired.stderr()).contains("HTTP 410", "expired", "Save a new plan");

        Result usage = helper().run("plan", "cluster", "x");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.stderr()).contains("node <id|name> or deployment <id>");
    }
}
