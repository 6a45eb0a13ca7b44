package com.cleanupservice.ownership;

import com.cleanupservice.api.Api;
import com.cleanupservice.support.Input;
import org.apache.camel.BeanInject;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.Map;

/** {@code GET /api/cleanup/ownership/disputes} and {@code POST /api/cleanup/ownership/{id}/resolve}. */
public final class OwnershipRoutes extends RouteBuilder {
    private static final List<String> OWNER_KEYS = List.of("node_name", "deployment_id");

    @BeanInject
    Api api;
    @BeanInject
    Ownership ownership;

    @Override
    public void configure() {
        from(OwnershipEndpoints.API_OWNERSHIP_DISPUTES).routeId("api-ownership-disputes").routeConfigurationId("api")
                .process(e -> api.write(e, 200, ownership.disputeList(500)));

        from(OwnershipEndpoints.API_OWNERSHIP_RESOLVE).routeId("api-ownership-resolve").routeConfigurationId("api")
                .process(e -> {
                    String id = api.pathId(e);
                    Map<String, Object> body = api.jsonObject(e, false, OWNER_KEYS);
                    api.write(e, 200, ownership.resolve(id, Input.idField(body, "node_name"), Input.idField(body, "deployment_id")));
                });
    }
}
