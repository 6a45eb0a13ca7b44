package com.cleanupservice.status;

import com.cleanupservice.api.Api;
import com.cleanupservice.ownership.Ownership;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Input;
import com.cleanupservice.support.Refusal;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** {@code GET /api/cleanup/status}: overall, {@code ?node_name=} or {@code ?deployment_id=} (node_name wins, as in the seed). */
public final class StatusRoutes extends RouteBuilder {
    @BeanInject
    Api api;
    @BeanInject
    Jdbc jdbc;
    @BeanInject
    ResourceTypes types;
    @BeanInject
    Ownership ownership;

    @Override
    public void configure() {
        CleanupStatus status = new CleanupStatus(jdbc, types, ownership);
        from("direct:api-cleanup-status").routeId("api-cleanup-status").routeConfigurationId("api")
                .process(e -> api.write(e, 200, answer(status, e)));
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
