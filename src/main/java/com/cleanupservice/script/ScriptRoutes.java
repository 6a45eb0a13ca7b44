package com.cleanupservice.script;

import com.cleanupservice.api.Api;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.FlattenLists;
import com.cleanupservice.cleanup.NodeClaims;
import com.cleanupservice.guard.ProtectedPlaces;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.cleanupservice.cleanup.CleanupRoutes.LOAD_SCOPE;

/**
 * {@code GET /api/cleanup/script/{id}} and {@code /script/node/{id}} (REST in {@code routes/script.camel.yaml}):
 * resolve the target, load its tracked rows that are not GONE with the pipeline's own {@code direct:load-resources},
 * refuse (409) a live node's rows unless {@code force=true} ({@link LiveGuard}), rows in a protected account or region
 * ({@link ProtectedPlaces}, as a cleanup is) and rows in several accounts one of which has no IBM account id configured,
 * and answer the generated script as a download. Errors still answer JSON (route configuration {@code api}).
 */
public final class ScriptRoutes extends RouteBuilder {
    static final String CONTENT_TYPE = "text/x-shellscript; charset=utf-8";
    private static final String TARGET = "cleanupScriptTarget";
    private static final String FORCE = "cleanupScriptForce";

    @BeanInject
    Api api;
    @BeanInject
    NodeClaims nodeClaims;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ResourceTypes resourceTypes;
    @BeanInject
    IbmClients ibmClients;

    @Override
    public void configure() {
        ScriptTargets targets = new ScriptTargets(nodeClaims, jdbc);
        // the variables the types' commands use, with their configured values; operator-overridable in the script
        Map<String, String> variables = new LinkedHashMap<>();
        resourceTypes.all().forEach(t -> com.cleanupservice.resources.ResourceType.Commands.variables(t).forEach(variables::putIfAbsent));
        // where rows that name no place live, and the account ids a script's CLI session switches to
        ScriptGenerator generator = new ScriptGenerator(resourceTypes, variables, places(ibmClients.accounts()), nodeClaims.owner());
        // as a cleanup: nothing is ever deleted in a protected account or region, by the service or by its scripts
        ProtectedPlaces protectedPlaces = new ProtectedPlaces(jdbc, resourceTypes, ibmClients.accounts());

        from(ScriptEndpoints.API_CLEANUP_DEPLOYMENT_SCRIPT).routeId("api-cleanup-deployment-script").routeConfigurationId("api")
                .process(e -> target(e, targets.deployment(api.pathId(e))))
                .to(ScriptEndpoints.GENERATE_CLEANUP_SCRIPT)
                .process(ScriptRoutes::download);

        from(ScriptEndpoints.API_CLEANUP_NODE_SCRIPT).routeId("api-cleanup-node-script").routeConfigurationId("api")
                .process(e -> target(e, targets.node(api.pathId(e))))
                .to(ScriptEndpoints.GENERATE_CLEANUP_SCRIPT)
                .process(ScriptRoutes::download);

        // body: ScriptTarget (property FORCE: whether live nodes may be scripted) -> CleanupScript
        from(ScriptEndpoints.GENERATE_CLEANUP_SCRIPT).routeId("generate-cleanup-script")
                .setProperty(TARGET, body())
                .split(simple("${body.loads}"), new FlattenLists())
                    .process(ScriptRoutes::loadHeaders)
                    .to(CleanupEndpoints.LOAD_RESOURCES)
                .end()
                // the guard a cleanup has: a live node's resources only with force=true
                .process(e -> LiveGuard.check(e.getProperty(TARGET, ScriptTarget.class), resources(e),
                        e.getProperty(FORCE, false, Boolean.class)))
                .process(e -> protectedPlaces(protectedPlaces, e.getProperty(TARGET, ScriptTarget.class)))
                .process(e -> switchableAccounts(resources(e)))
                .process(e -> e.getIn().setBody(generator.generate(e.getProperty(TARGET, ScriptTarget.class),
                        resources(e), Instant.now())));
    }

    /**
     * A script switches its `ibmcloud` session from account to account by their IBM account ids: when its rows live in
     * more than one account, each must have its id configured, or the script could not leave the account it is in and
     * would look for another account's resources there, find them "not found" and call them gone.
     */
    private void switchableAccounts(List<TrackedResource> resources) {
        Accounts accounts = ibmClients.accounts();
        List<String> names = resources.stream().map(r -> r.account() == null ? accounts.defaultAccount().name() : r.account())
                .distinct().sorted().toList();
        if (names.size() < 2) {
            return;
        }
        List<String> unknown = names.stream().filter(n -> accounts.account(n).id() == null).toList();
        if (!unknown.isEmpty()) {
            throw Refusal.conflict("A cleanup script of this target would work in the accounts " + names + ", switching between them by "
                    + "their IBM account ids, but " + unknown.stream().map(n -> Accounts.PREFIX + n + ".id").collect(Collectors.joining(", "))
                    + (unknown.size() == 1 ? " is" : " are") + " not configured. Configure the id, or clean them up with POST /api/cleanup/... instead",
                    Map.of());
        }
    }

    private static ScriptGenerator.Places places(Accounts accounts) {
        Map<String, String> ids = new LinkedHashMap<>();
        accounts.all().forEach(a -> ids.put(a.name(), a.id()));
        return new ScriptGenerator.Places(accounts.defaultAccount().name(), accounts.defaultRegion(), ids);
    }

    private static void protectedPlaces(ProtectedPlaces places, ScriptTarget target) {
        ProtectedPlaces.refuse("Cleanup script of " + target.describe(), ScriptTarget.NODE.equals(target.kind())
                ? places.ofNode(target.name()) : places.ofDeployment(target.deploymentId()));
    }

    /** The request's flag read before its headers are dropped; the target becomes the body. */
    private void target(Exchange e, ScriptTarget target) {
        boolean force = api.flag(e, "force");
        api.isolate(e, target);
        e.setProperty(FORCE, force);
    }

    private static void loadHeaders(Exchange e) {
        ScriptTarget.Load load = e.getIn().getBody(ScriptTarget.Load.class);
        Message m = e.getIn();
        m.removeHeaders("*");
        m.setHeader(ScriptTarget.NODE.equals(load.scope()) ? "node_name" : "deployment_id", load.key());
        m.setHeader(LOAD_SCOPE, load.scope());
    }

    @SuppressWarnings("unchecked")
    private static List<TrackedResource> resources(Exchange e) {
        Object body = e.getIn().getBody();
        return body instanceof List<?> list ? (List<TrackedResource>) list : List.of();
    }

    /** The script as a file download, not JSON: headers and body written here. */
    private static void download(Exchange e) {
        CleanupScript script = e.getIn().getBody(CleanupScript.class);
        Message m = e.getIn();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        m.setHeader("Content-Disposition", "attachment; filename=" + script.fileName());
        m.setHeader("Cache-Control", "no-store");
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setBody(script.text().getBytes(StandardCharsets.UTF_8));
    }
}
