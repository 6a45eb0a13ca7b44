package com.cleanupservice.runs;

import com.cleanupservice.api.schema.RunAccepted;
import com.cleanupservice.lease.Lease;
import com.cleanupservice.lease.LeaseStore;
import com.cleanupservice.lease.Leases;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.report.Response;
import com.cleanupservice.runs.store.RunSummaries;
import com.cleanupservice.runs.store.RunRecords;
import com.cleanupservice.support.Incident;
import com.cleanupservice.support.LogContext;
import com.cleanupservice.support.Refusal;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs accepted now and executed later ({@code ?async=true}, the provisioner's failure hook). The runs table is the
 * queue: acceptance writes the run with what to execute (endpoint and body) before answering 202, so it survives a
 * crash, and every instance polls the table ({@link RunEndpoints#POLL_RUNS}) for runs nobody holds — new ones, its own
 * from before a restart, and those whose holder stopped renewing them — claiming at most its free worker slots through
 * the runs' lease store ({@code FOR UPDATE SKIP LOCKED}), so instances share the queue and never take the same run twice. A claimed run is held
 * as a lease under a raised epoch; whoever held it before can no longer write it. What a run may be is what the features
 * registered ({@link RunKind}): the queue names none of them.
 */
public final class RunQueue {
    /** The exchange property with the {@link Entry} that {@link RunEndpoints#ACCEPT_OR_RUN} follows. */
    public static final String ENTRY = "cleanupRunEntry";
    static final String RUN_ID = "cleanupAsyncRunId";
    static final String ENDPOINT = "cleanupAsyncEndpoint";
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

    private static final String INSERT = """
            INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, dry_run, force, owner, request, heartbeat_at, epoch)
            VALUES (?, ?, ?, ?, 'accepted', ?, ?, NULL, CAST(? AS JSONB), NULL, 0)
            """;
    private static final String LOAD = "SELECT request, state FROM cleanup_runs WHERE run_id = ?";
    private static final String MARK_RUNNING = """
            UPDATE cleanup_runs SET state = 'running', owner = ?, started_at = COALESCE(started_at, now()), heartbeat_at = now()
             WHERE run_id = ? AND epoch = ? AND state IN ('accepted', 'running')
            """;
    /** The run's end, unless the node or deployment flow wrote it already (under the same epoch) or it was taken over. */
    private static final String FINISH = """
            UPDATE cleanup_runs SET state = ?, http_status = ?, summary = CAST(? AS JSONB), error = ?, finished_at = now()
             WHERE run_id = ? AND epoch = ? AND state IN ('accepted', 'running')
            RETURNING kind, EXTRACT(EPOCH FROM finished_at - COALESCE(started_at, created_at)) AS seconds,
                      run_id, target, state, total, done, error
            """;


    private final Jdbc jdbc;
    private final RunRecords runs;
    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final String owner;
    private final Leases leases;
    /**
     * Up to the free worker slots among the unfinished top-level runs nobody holds — never claimed, handed back, or
     * their holder stopped renewing them; on the first poll also this instance's own (a restart) —, never one this
     * process runs, oldest first: the runs' lease store's take of many rows (rows another instance is claiming at the
     * same moment skipped, not waited for; each take raises the epoch, so whoever held the run can no longer write it).
     */
    private final LeaseStore.Due claim;
    private final int workers;
    /** Runs this instance holds (claimed from the table), with their leases (epochs): its busy worker slots. */
    private final Map<UUID, Lease> active = new ConcurrentHashMap<>();
    /** What may be stored and executed: the kinds the features registered, by endpoint. */
    private final Map<String, RunKind<?>> kinds = new ConcurrentHashMap<>();
    private volatile boolean recoveredOwn;
    /**
     * Runs this instance gave up because its lease on them lapsed (it was stalled, or cut off from the database), each
     * until when it leaves them to the other instances: one lease term, so an instance that could not keep a run does
     * not take it back first, racing the one taking it over.
     */
    private final Map<UUID, Instant> lapsed = new ConcurrentHashMap<>();

    /** {@code runs}: where a run's end is written and measured. */
    public RunQueue(Jdbc jdbc, RunRecords runs, ObjectMapper json, ProducerTemplate producer, String owner, Leases leases, int workers) {
        if (workers < 1) {
            throw new IllegalStateException("cleanup.async.workers must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.jdbc = jdbc;
        this.runs = runs;
        this.json = json;
        this.producer = producer;
        this.owner = owner;
        this.leases = leases;
        this.claim = runs.leaseStore().takingDue("owner IS NULL OR (? AND owner = ?)",
                "parent_run_id IS NULL AND request->>'endpoint' IS NOT NULL AND NOT (run_id = ANY(?))", "created_at, run_id");
    }

    /**
     * A feature's kind of run, from now on accepted and carried out; its routes register it when they are configured,
     * before any run is polled. A name or endpoint registered twice fails the start.
     */
    public void register(RunKind<?> kind) {
        for (RunKind<?> known : kinds.values()) {
            if (known.name().equals(kind.name())) {
                throw new IllegalStateException("run kind " + kind.name() + " registered twice: " + known.endpoint() + ", "
                        + kind.endpoint());
            }
        }
        RunKind<?> before = kinds.putIfAbsent(kind.endpoint(), kind);
        if (before != null) {
            throw new IllegalStateException("endpoint " + kind.endpoint() + " registered twice: runs of kind " + before.name()
                    + " and " + kind.name());
        }
    }

    private Lease hold(UUID runId, long epoch) {
        // handed back as this instance shuts down: held by nobody, so the next poll of any instance claims it at once;
        // under a new epoch, so nothing more is written here
        Lease held = runs.leaseStore().hold(RunRecords.leaseName(runId), Lease.Kind.RUN, runId, epoch);
        Lease before = active.put(runId, held);
        if (before != null) {
            leases.release(before);
        }
        return held;
    }

    private void let(UUID runId) {
        Lease held = active.remove(runId);
        if (held != null) {
            leases.release(held);
        }
    }

    /**
     * What an entry point hands {@link RunEndpoints#ACCEPT_OR_RUN} with its request as the body: the endpoint that runs it, and
     * whether to run it now or accept it as a run of this kind and target.
     */
    public record Entry(String kind, String target, String trigger, String endpoint, boolean async, boolean dryRun,
                        boolean force) {

        public static Entry now(String endpoint) {
            return new Entry(null, null, null, endpoint, false, false, false);
        }
    }

    /** {@link RunEndpoints#ACCEPT_OR_RUN}'s asynchronous branch: the body (the request) becomes a run; the answer is the 202. */
    public void accept(Exchange exchange) {
        Entry entry = exchange.getProperty(ENTRY, Entry.class);
        exchange.getIn().setBody(accept(entry.kind(), entry.target(), entry.trigger(), entry.endpoint(),
                exchange.getIn().getBody(), entry.dryRun(), entry.force()));
    }

    /**
     * Records the run and queues it; the answer is 202 with the run's address. {@code endpoint} must be the endpoint
     * of a registered kind named {@code kind}, and {@code body} of the type it takes.
     */
    public Response accept(String kind, String target, String trigger, String endpoint, Object body,
                           boolean dryRun, boolean force) {
        RunKind<?> registered = registered(kind, endpoint, body);
        UUID runId = UUID.randomUUID();
        jdbc.update(INSERT, runId, kind, target, trigger, dryRun, force, write(new StoredRequest(endpoint, body)));
        nudge();
        return accepted(registered, target, runId);
    }

    /**
     * {@link #accept} in the caller's transaction, under a run id the caller chose (and records with what else commits
     * with it: a saved plan marked applied by this run); the caller {@link #nudge}s once it committed.
     */
    public Response accept(Jdbc.Tx tx, UUID runId, String kind, String target, String trigger, String endpoint, Object body,
                           boolean force) throws java.sql.SQLException {
        RunKind<?> registered = registered(kind, endpoint, body);
        tx.update(INSERT, runId, kind, target, trigger, false, force, write(new StoredRequest(endpoint, body)));
        return accepted(registered, target, runId);
    }

    /** The row is the queue; the nudge only saves waiting for the next poll (any instance's). */
    public void nudge() {
        producer.asyncSendBody(RunEndpoints.POLL_RUNS, null);
    }

    private RunKind<?> registered(String kind, String endpoint, Object body) {
        RunKind<?> registered = kinds.get(endpoint);
        if (registered == null || !registered.name().equals(kind) || !registered.body().isInstance(body)) {
            throw new IllegalArgumentException("not an asynchronous entry point: a run of kind " + kind + " by " + endpoint
                    + " with " + body);
        }
        return registered;
    }

    private static Response accepted(RunKind<?> registered, String target, UUID runId) {
        RunAccepted accepted = new RunAccepted("Accepted: " + registered.title() + " of " + target + " runs in the background",
                runId.toString(), "accepted", location(runId), Instant.now().toString());
        return new Response(202, accepted);
    }

    /** What a run stores to be carried out: the endpoint of its kind and the body it takes. */
    record StoredRequest(String endpoint, Object body) {
    }

    /**
     * What a run that could not be carried out keeps as its summary: a refusal's message and status, and its details
     * (a blast-radius refusal's code, planned count and limit).
     */
    record RunFailure(String error, int status, @JsonAnyGetter Map<String, Object> details) {
    }

    public static String location(UUID runId) {
        return "/api/cleanup/runs/" + runId;
    }

    /** First step of the execute route: the run's endpoint and body onto the exchange; false if already finished. */
    public void prepare(Exchange exchange) {
        UUID runId = exchange.getIn().getBody(UUID.class);
        exchange.setProperty(RUN_ID, runId); // set first: however this run ends here, its worker slot is given back
        Lease held = active.get(runId);
        Map<String, Object> row = jdbc.rows(LOAD, runId).stream().findFirst().orElse(null);
        if (row == null || held == null || !held.held() || jdbc.update(MARK_RUNNING, owner, runId, held.epoch()) == 0) {
            // finished meanwhile, never existed, or taken over by another instance: nothing to do here
            if (held != null && held.whyNotHeld() != null && !held.stopped()) {
                lapsed.put(runId, Instant.now().plus(leases.term()));
            }
            exchange.setRouteStop(true);
            let(runId);
            return;
        }
        JsonNode request = read(String.valueOf(row.get("request")));
        String endpoint = request.get("endpoint").asText();
        RunKind<?> kind = kinds.get(endpoint);
        if (kind == null) {
            throw new IllegalStateException("run " + runId + " names an endpoint no kind of run was registered for: " + endpoint);
        }
        exchange.getIn().removeHeaders("*");
        // its endpoint records the run's progress on this very run (node, deployment), or starts child runs (batch, sweep)
        Object body = kind.start(json.convertValue(request.get("body"), kind.body()), runId, held.epoch(), exchange);
        exchange.setProperty(ENDPOINT, endpoint);
        exchange.getIn().setBody(body);
    }

    public void finish(Exchange exchange) {
        UUID runId = exchange.getProperty(RUN_ID, UUID.class);
        Object body = exchange.getIn().getBody();
        Response response = body instanceof Response r ? r : new Response(200, Map.of("result", String.valueOf(body)));
        Lease held = active.get(runId);
        if (held != null && held.held()) {
            String state = response.status() == 200 ? "completed" : "partial";
            runs.finishMeasured(FINISH, state, state, response.status(), write(RunSummaries.of(json, response.body(), runId)),
                    response.status() == 200 ? null : String.valueOf(response.field("error")), runId, held.epoch());
        } else if (held != null && held.stopped()) {
            LOG.info("Run {} not closed here: {}; whoever takes it over finishes it", runId, held.whyNotHeld());
        } else if (held != null) {
            LOG.warn("Run {} not closed here: {}; whoever takes it over finishes it", runId, held.whyNotHeld());
            lapsed.put(runId, Instant.now().plus(leases.term()));
        }
        let(runId);
    }

    /** The run could not be carried out (refused, or broke off): failed, with the reason, never left "running". */
    public void fail(Exchange exchange) {
        UUID runId = exchange.getProperty(RUN_ID, UUID.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = error instanceof Refusal r ? r.status() : 500;
        String message;
        try (LogContext ignored = LogContext.with(LogContext.RUN_ID, String.valueOf(runId))) {
            message = error instanceof Refusal ? error.getMessage()
                    : Incident.report(LOG, "Asynchronous run " + runId + " failed", error).message();
        }
        Lease held = active.get(runId);
        if (held != null && held.held()) {
            Map<String, Object> details = error instanceof Refusal r ? r.details() : Map.of();
            runs.finishMeasured(FINISH, "failed", "failed", status, write(new RunFailure(message, status, details)), message, runId,
                    held.epoch());
        }
        let(runId);
    }

    /**
     * Claims due runs for this instance's free worker slots ({@code cleanup.async.workers} less the runs it holds) and
     * holds each as a lease; the caller starts them. One poll at a time, so two polls never fill the same slot.
     */
    public synchronized List<UUID> claimDue() {
        int free = workers - active.size();
        if (free <= 0 || leases.closing()) {
            return List.of(); // full, or shutting down: what is due is left to the other instances
        }
        boolean first = !recoveredOwn;
        recoveredOwn = true;
        List<UUID> claimed = new java.util.ArrayList<>();
        // never this process's own runs: they run here under the epoch they have
        // nor, for a term, one whose lease lapsed here: the instance taking it over goes first
        Instant now = Instant.now();
        lapsed.values().removeIf(until -> until.isBefore(now));
        java.util.Set<UUID> excluded = new java.util.HashSet<>(active.keySet());
        excluded.addAll(lapsed.keySet());
        UUID[] mine = excluded.toArray(UUID[]::new);
        for (Map.Entry<UUID, Long> run : claim.run(rs -> rs.getObject(1, UUID.class), owner, free, first, owner, mine)) {
            hold(run.getKey(), run.getValue());
            claimed.add(run.getKey());
        }
        return claimed;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored run request is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
