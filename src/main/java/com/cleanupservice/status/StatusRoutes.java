package com.cleanupservice.status;

import com.cleanupservice.api.Api;
import com.cleanupservice.api.schema.AccountList;
import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.ibm.PlaceFilter;
import com.cleanupservice.metrics.CleanupMetrics;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.DatabaseWatch;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code GET /api/cleanup/status}: overall, {@code ?node_name=} or {@code ?deployment_id=} (node_name wins, as in the
 * seed); what the console lists: {@code GET /api/cleanup/deployments}, {@code GET /api/cleanup/resources} (filtered by
 * {@code ?account=} and {@code ?region=}) and the configured places, {@code GET /api/accounts}.
 */
public final class StatusRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(StatusRoutes.class);

    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    Ownership ownership;
    @BeanInject
    CleanupMetrics metrics;
    @BeanInject
    DatabaseWatch databaseWatch;
    @BeanInject
    Settings settings;
    @BeanInject
    IbmClients ibmClients;

    @Override
    public void configure() {
        CleanupStatus status = new CleanupStatus(jdbc, types, ownership);
        from(StatusEndpoints.API_CLEANUP_STATUS).routeId("api-cleanup-status").routeConfigurationId("api")
                .process(e -> api.write(e, 200, answer(status, e)));

        Inventory inventory = new Inventory(jdbc, types, ibmClients.account(), ibmClients.region());
        from(StatusEndpoints.API_DEPLOYMENTS).routeId("api-deployments").routeConfigurationId("api")
                .process(e -> api.write(e, 200, inventory.deployments(api.query(e, "limit"), query(e, "after"))));
        from(StatusEndpoints.API_RESOURCES).routeId("api-resources").routeConfigurationId("api")
                .process(e -> api.write(e, 200, resources(inventory, e)));
        AccountList accounts = accounts(ibmClients.accounts());
        from(StatusEndpoints.API_ACCOUNTS).routeId("api-accounts").routeConfigurationId("api")
                .process(e -> api.write(e, 200, accounts));

        // the status counters' appended rows folded often, so a read sums a few rows (V14); a no-op when nothing changed
        NodeStatusCounts counts = new NodeStatusCounts(jdbc);
        StatusGauges.register(metrics, jdbc, counts, databaseWatch::available, settings.millis("cleanup.metrics.gauge-max-age-ms"));
        from("timer:compact-node-status-counts?delay=1000&period={{cleanup.status.compact-interval-ms}}")
                .routeId("compact-node-status-counts")
                .process(e -> compact(counts));
    }

    /** A fold that fails is retried at the next tick; whether the database answers is DatabaseWatch's to report. */
    private static void compact(NodeStatusCounts counts) {
        try {
            counts.compact();
        } catch (Jdbc.DataAccessException e) {
            LOG.debug("Status counters not folded this time: {}", e.getMessage());
        }
    }

    private Object answer(CleanupStatus status, Exchange e) {
        String node = query(e, "node_name");
        String deployment = query(e, "deployment_id");
        if (node != null) {
            return status.node(node);
        }
        if (deployment != null) {
            return status.deployment(deployment);
        }
        return status.overall();
    }

    /** What the configured accounts show: names, regions and flags, never a credential or an IBM account id. */
    static AccountList accounts(Accounts accounts) {
        String defaultName = accounts.defaultAccount().name();
        List<AccountList.AccountPlace> places = accounts.all().stream()
                .map(a -> new AccountList.AccountPlace(a.name(), a.regions(), a.name().equals(defaultName), accounts.isProtected(a.name()),
                        a.regions().stream().filter(accounts::isProtectedRegion).toList()))
                .toList();
        return new AccountList(places, accounts.regions(), defaultName, accounts.defaultRegion());
    }

    private Object resources(Inventory inventory, Exchange e) {
        String node = query(e, "node_name");
        String deployment = query(e, "deployment_id");
        if ((node == null) == (deployment == null)) {
            throw Refusal.badRequest("give exactly one of node_name (a node's rows) or deployment_id (a deployment's own rows)");
        }
        PlaceFilter place = PlaceFilter.of(ibmClients.accounts(), api.query(e, "account"), api.query(e, "region"));
        return node != null ? inventory.node(node, place) : inventory.deployment(deployment, place);
    }

    private String query(Exchange e, String name) {
        String value = api.query(e, name);
        if (value == null) {
            return null;
        }
        if (!Input.ID.matcher(value).matches()) {
            throw Refusal.badRequest("invalid " + name + " '" + com.cleanupservice.support.Printable.escape(value.length() > 60 ? value.substring(0, 60) + "..." : value) + "'");
        }
        return value;
    }
}
