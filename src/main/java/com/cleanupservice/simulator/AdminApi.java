package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.cleanupservice.simulator.HttpSupport.blocking;

/**
 * The simulator's own control surface under {@code /sim/}: stats, fault rules, resources and configuration.
 * No authentication; JSON in and out. Bad input answers 400, unknown ids 404, both with the IBM error body.
 */
final class AdminApi {
    private final Vertx vertx;
    private final Router router;
    private final IbmCloudSimulator simulator;

    AdminApi(Vertx vertx, Router router, IbmCloudSimulator simulator) {
        this.vertx = vertx;
        this.router = router;
        this.simulator = simulator;
    }

    void register(Handler<RoutingContext> bodyHandler) {
        router.route("/sim/*").handler(bodyHandler);

        router.get("/sim/stats").handler(blocking(vertx, ctx -> () -> Reply.of(200, simulator.stats().snapshot())));
        router.delete("/sim/stats").handler(blocking(vertx, ctx -> () -> {
            simulator.stats().reset();
            return Reply.of(204, null);
        }));

        router.get("/sim/faults").handler(blocking(vertx, ctx -> () -> Reply.of(200, faultsJson())));
        router.put("/sim/faults").handler(blocking(vertx, ctx -> {
            List<FaultRule> rules = new ArrayList<>();
            for (Object rule : body(ctx, List.class)) {
                rules.add(FaultRule.fromJson(object(rule, "each fault rule")));
            }
            return () -> {
                simulator.faults().replace(rules);
                return Reply.of(200, faultsJson());
            };
        }));
        router.post("/sim/faults").handler(blocking(vertx, ctx -> {
            FaultRule rule = FaultRule.fromJson(object(body(ctx, Map.class), "the fault rule"));
            return () -> {
                simulator.faults().add(rule);
                return Reply.of(201, rule.toJson());
            };
        }));
        router.delete("/sim/faults").handler(blocking(vertx, ctx -> () -> {
            simulator.faults().clear();
            return Reply.of(204, null);
        }));

        router.get("/sim/resources").handler(blocking(vertx, ctx -> () -> Reply.of(200, simulator.resources())));
        router.post("/sim/resources").handler(blocking(vertx, ctx -> {
            Fields fields = new Fields(object(body(ctx, Map.class), "the resource"));
            return () -> Reply.of(201, create(fields));
        }));
        router.patch("/sim/bare_metal_servers/:id").handler(blocking(vertx, ctx -> {
            String id = ctx.pathParam("id");
            Fields fields = new Fields(object(body(ctx, Map.class), "the patch"));
            fields.allow(Set.of("status"));
            String status = fields.requiredString("status");
            return () -> {
                simulator.setBareMetalServerStatus(id, status);
                return Reply.of(200, simulator.find(ResourceKind.BARE_METAL_SERVER.wireName(), id).orElseThrow());
            };
        }));

        router.get("/sim/config").handler(blocking(vertx, ctx -> () -> Reply.of(200, configJson())));
        router.put("/sim/config").handler(blocking(vertx, ctx -> {
            Fields fields = new Fields(object(body(ctx, Map.class), "the configuration"));
            fields.allow(Set.of("bare_metal_delete_delay_ms"));
            Long delayMs = fields.optionalLong("bare_metal_delete_delay_ms");
            return () -> {
                if (delayMs != null) {
                    simulator.setBareMetalDeleteDelay(Duration.ofMillis(delayMs));
                }
                return Reply.of(200, configJson());
            };
        }));

        router.post("/sim/reset").handler(blocking(vertx, ctx -> () -> {
            simulator.reset();
            return Reply.of(204, null);
        }));
    }

    private List<Map<String, Object>> faultsJson() {
        return simulator.faults().rules().stream().map(FaultRule::toJson).toList();
    }

    private Map<String, Object> configJson() {
        return Map.of("bare_metal_delete_delay_ms", simulator.bareMetalDeleteDelay().toMillis());
    }

    private Map<String, Object> create(Fields fields) {
        String kind = fields.requiredString("kind");
        return switch (ResourceKind.fromWireName(kind)) {
            case SUBNET_RESERVED_IP -> {
                fields.allow(Set.of("kind", "subnet_id", "id", "name", "address", "auto_delete"));
                yield simulator.createReservedIp(fields.requiredString("subnet_id"), fields.string("id"),
                        fields.string("name"), fields.string("address"), fields.bool("auto_delete"));
            }
            case VIRTUAL_NETWORK_INTERFACE -> {
                fields.allow(Set.of("kind", "id", "name", "subnet_id", "primary_ip_id", "auto_delete"));
                yield simulator.createVirtualNetworkInterface(fields.string("id"), fields.string("name"),
                        fields.string("subnet_id"), fields.string("primary_ip_id"), fields.bool("auto_delete"));
            }
            case BARE_METAL_SERVER -> {
                fields.allow(Set.of("kind", "id", "name", "status", "vni_ids"));
                yield simulator.createBareMetalServer(fields.string("id"), fields.string("name"),
                        fields.string("status"), fields.stringList("vni_ids"));
            }
            case DNS_RECORD -> {
                fields.allow(Set.of("kind", "instance_id", "zone_id", "id", "name", "type", "rdata"));
                yield simulator.createDnsRecord(fields.requiredString("instance_id"),
                        fields.requiredString("zone_id"), fields.string("id"), fields.requiredString("name"),
                        fields.requiredString("type"), fields.requiredString("rdata"));
            }
        };
    }

    private static <T> T body(RoutingContext ctx, Class<T> type) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        try {
            Object value = HttpSupport.JSON.readValue(text, Object.class);
            if (!type.isInstance(value)) {
                throw new IllegalArgumentException("the body must be a JSON "
                        + (type == List.class ? "array" : "object"));
            }
            return type.cast(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /** Typed, strict access to the fields of a JSON object. */
    private record Fields(Map<String, Object> json) {
        void allow(Set<String> allowed) {
            for (String key : json.keySet()) {
                if (!allowed.contains(key)) {
                    throw new IllegalArgumentException("unknown field '" + key + "' (allowed: "
                            + allowed.stream().sorted().toList() + ")");
                }
            }
        }

        String string(String key) {
            Object value = json.get(key);
            if (value != null && !(value instanceof String)) {
                throw new IllegalArgumentException("field '" + key + "' must be a string");
            }
            return (String) value;
        }

        String requiredString(String key) {
            String value = string(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("field '" + key + "' is required");
            }
            return value;
        }

        boolean bool(String key) {
            Object value = json.get(key);
            if (value != null && !(value instanceof Boolean)) {
                throw new IllegalArgumentException("field '" + key + "' must be true or false");
            }
            return Boolean.TRUE.equals(value);
        }

        Long optionalLong(String key) {
            Object value = json.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Integer || value instanceof Long)) {
                throw new IllegalArgumentException("field '" + key + "' must be a whole number");
            }
            return ((Number) value).longValue();
        }

        List<String> stringList(String key) {
            Object value = json.get(key);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new IllegalArgumentException("field '" + key + "' must be an array of strings");
            }
            return list.stream().map(String.class::cast).toList();
        }
    }
}
