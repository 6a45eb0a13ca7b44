package com.cleanupservice.discovery;

import com.cleanupservice.api.Api;
import com.cleanupservice.cleanup.CleanupRequest;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.provisioner.Provisioner;
import com.cleanupservice.report.Response;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.runs.RunQueue;
import com.cleanupservice.runs.RunEndpoints;
import com.cleanupservice.runs.RunKind;
import com.cleanupservice.runs.UntrackedScan;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.util.Map;

/**
 * {@code /api/cleanup/drift/...} (routes/drift.camel.yaml): the drift report (now, or with {@code ?async=true} as a run)
 * and adoption of a node or deployment. Validation and the orphan sweep reach discovery through its endpoints
 * ({@link DiscoveryEndpoints#DRIFT_REPORT}, {@link DiscoveryEndpoints#ADOPT_UNTRACKED}), a dependency on discovery as an
 * import is. The run queue and the cleanup API (a dry run's untracked resources) sit below discovery, which records
 * through the provisioner that starts runs: they reach it through what it registers with them here, the run kind
 * {@code drift} and the {@link UntrackedScan}.
 */
public final class DriftRoutes extends RouteBuilder {
    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    IbmCalls calls;
    @BeanInject
    Ownership ownership;
    @BeanInject
    RunQueue runQueue;

    @Override
    public void configure() {
        ProducerTemplate producer = getContext().createProducerTemplate();
        Drift drift = new Drift(jdbc, types, calls, producer);
        Adoption adoption = new Adoption(drift, new Provisioner(jdbc, types, ownership, calls.clients() == null ? null : calls.clients().accounts()), jdbc);
        // the dry runs' untracked resources, asked for by type (see UntrackedScan); drift reports as runs of their own
        getContext().getRegistry().bind("untrackedScan", UntrackedScan.class,
                (UntrackedScan) target -> producer.requestBody(DiscoveryEndpoints.DRIFT_REPORT, target, Response.class));
        runQueue.register(RunKind.parent("drift", "drift report", DiscoveryEndpoints.DRIFT_REPORT, Map.class, CleanupRequest.PARENT_RUN));

        from(DiscoveryEndpoints.DRIFT_REPORT).routeId("drift-report")
                .process(e -> e.getIn().setBody(new Response(200, drift.report(Drift.Target.of(e.getIn().getBody(Map.class))))));
        from(DiscoveryEndpoints.ADOPT_UNTRACKED).routeId("adopt-untracked")
                .process(e -> e.getIn().setBody(new Response(200,
                        adoption.adopt(Drift.Target.of(e.getIn().getBody(Map.class)), Map.of("all", true)))));

        from(DiscoveryEndpoints.API_DRIFT_NODE).routeId("api-drift-node").routeConfigurationId("api")
                .process(e -> report(e, drift, Drift.Target.node(id(e))))
                .to(RunEndpoints.ACCEPT_OR_RUN)
                .process(api::respond);
        from(DiscoveryEndpoints.API_DRIFT_DEPLOYMENT).routeId("api-drift-deployment").routeConfigurationId("api")
                .process(e -> report(e, drift, Drift.Target.deployment(id(e))))
                .to(RunEndpoints.ACCEPT_OR_RUN)
                .process(api::respond);
        from(DiscoveryEndpoints.API_DRIFT_NODE_ADOPT).routeId("api-drift-node-adopt").routeConfigurationId("api")
                .process(e -> api.write(e, 200, adoption.adopt(Drift.Target.node(id(e)), api.jsonObject(e, false, Adoption.KEYS))));
        from(DiscoveryEndpoints.API_DRIFT_DEPLOYMENT_ADOPT).routeId("api-drift-deployment-adopt").routeConfigurationId("api")
                .process(e -> api.write(e, 200, adoption.adopt(Drift.Target.deployment(id(e)), api.jsonObject(e, false, Adoption.KEYS))));
    }

    /** A report now, or accepted as a run of kind "drift" (an unknown target refused at once, not when the run starts). */
    private void report(Exchange e, Drift drift, Drift.Target target) {
        boolean async = api.flag(e, "async");
        String name = async ? drift.describe(target) : target.kind() + " " + target.id();
        e.setProperty(RunQueue.ENTRY, new RunQueue.Entry("drift", name, "api", DiscoveryEndpoints.DRIFT_REPORT, async, false, false));
        api.isolate(e, target.toMap());
    }

    private String id(Exchange e) {
        return api.pathId(e);
    }
}
