package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
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
        router.route(HttpMethod.PUT, "/sim/faults").handler(blocking(vertx, ctx -> {
            List<FaultRule> rules = new ArrayList<>();
            for (Object rule : body(ctx, List.class)) {
                rules.add(knownAccount(FaultRule.fromJson(object(rule, "each fault rule"))));
            }
            return () -> {
                simulator.faults().replace(rules);
                return Reply.of(200, faultsJson());
            };
        }));
        router.post("/sim/faults").handler(blocking(vertx, ctx -> {
            FaultRule rule = knownAccount(FaultRule.fromJson(object(body(ctx, Map.class), "the fault rule")));
            return () -> {
                simulator.faults().add(rule);
                return Reply.of(201, rule.toJson());
            };
        }));
        router.delete("/sim/faults").handler(blocking(vertx, ctx -> () -> {
            simulator.faults().clear();
            return Reply.of(204, null);
        }));

        router.get("/sim/resources").handler(blocking(vertx, ctx -> {
            String account = ctx.queryParams().get("account");
            String region = ctx.queryParams().get("region");
            return () -> Reply.of(200, simulator.resources(emptyToNull(account), emptyToNull(region)));
        }));
        router.post("/sim/resources").handler(blocking(vertx, ctx -> {
            Fields fields = new Fields(object(body(ctx, Map.class), "the resource"));
            String kind = fields.requiredString("kind");
            return () -> Reply.of(201, simulator.create(kind, fields.json()));
        }));
        for (SimKind<?> kind : simulator.kinds().all()) {
            if (!kind.patchFields().isEmpty()) {
                router.patch("/sim/" + kind.collectionName() + "/:id").handler(blocking(vertx, ctx -> {
                    String id = ctx.pathParam("id");
                    Fields fields = new Fields(object(body(ctx, Map.class), "the patch"));
                    return () -> Reply.of(200, simulator.patch(kind, id, fields));
                }));
            }
        }

        router.get("/sim/config").handler(blocking(vertx, ctx -> () -> Reply.of(200, configJson())));
        router.route(HttpMethod.PUT, "/sim/config").handler(blocking(vertx, ctx -> {
            Fields fields = new Fields(object(body(ctx, Map.class), "the configuration"));
            fields.allow(Set.of("bare_metal_delete_delay_ms", "network_delete_delay_ms", "provider_reserved_ips",
                    "rate_limit"));
            Long delayMs = fields.optionalLong("bare_metal_delete_delay_ms");
            Duration delay = delayMs == null ? null : SimulatorOptions.checkDelay(Duration.ofMillis(delayMs));
            Long networkDelayMs = fields.optionalLong("network_delete_delay_ms");
            Duration networkDelay = networkDelayMs == null
                    ? null : SimulatorOptions.checkDelay(Duration.ofMillis(networkDelayMs));
            Boolean providerIps = fields.json().containsKey("provider_reserved_ips")
                    ? fields.bool("provider_reserved_ips") : null;
            // absent: unchanged; null: off; an object replaces the whole limit
            boolean setRateLimit = fields.json().containsKey("rate_limit");
            Object rateLimitJson = fields.json().get("rate_limit");
            RateLimit rateLimit = rateLimitJson == null
                    ? null : RateLimit.fromJson(object(rateLimitJson, "field 'rate_limit'"));
            return () -> {
                if (delay != null) {
                    simulator.setBareMetalDeleteDelay(delay);
                }
                if (networkDelay != null) {
                    simulator.setNetworkDeleteDelay(networkDelay);
                }
                if (providerIps != null) {
                    simulator.setProviderReservedIps(providerIps);
                }
                if (setRateLimit) {
                    simulator.setRateLimit(rateLimit);
                }
                return Reply.of(200, configJson());
            };
        }));

        router.post("/sim/reset").handler(blocking(vertx, ctx -> () -> {
            simulator.reset();
            return Reply.of(204, null);
        }));
    }

    /** @throws IllegalArgumentException when the rule names an account the simulator does not know */
    private FaultRule knownAccount(FaultRule rule) {
        if (rule.account() != null) {
            simulator.accounts().stream().filter(a -> a.name().equals(rule.account())).findAny()
                    .orElseThrow(() -> new IllegalArgumentException("unknown account '" + rule.account() + "'"));
        }
        return rule;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private List<Map<String, Object>> faultsJson() {
        return simulator.faults().rules().stream().map(FaultRule::toJson).toList();
    }

    /** {@code GET|PUT /sim/config}'s answer; {@code rate_limit} is {@code null} when off. */
    record Config(long bareMetalDeleteDelayMs, long networkDeleteDelayMs, boolean providerReservedIps,
                  RateLimit.Json rateLimit) {
    }

    private Config configJson() {
        RateLimit rateLimit = simulator.rateLimit();
        return new Config(simulator.bareMetalDeleteDelay().toMillis(), simulator.networkDeleteDelay().toMillis(),
                simulator.providerReservedIps(), rateLimit == null ? null : rateLimit.json());
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
}
