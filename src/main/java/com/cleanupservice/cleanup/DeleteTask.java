package com.cleanupservice.cleanup;

import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmErrors;
import com.cleanupservice.lease.Lease;
import com.cleanupservice.resources.Attempt;
import com.cleanupservice.resources.Identity;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The deletion of one resource as it moves through the delete route: one delete, then (for asynchronous deletes)
 * probes until the resource is gone, the wait budget runs out, or IBM reports the delete failed. Each call is one
 * redeliverable step; the state here survives redeliveries because the task is the exchange body.
 */
public final class DeleteTask {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteTask.class);
    private final NodePlan plan;
    private final TrackedResource resource;
    private final int sequence;
    private final boolean dependencyFailed;
    /** Another owner outside this run tracks the resource (who); null when it is this run's alone. */
    private final String heldBy;
    private final long startedNanos = System.nanoTime();
    private final Instant startedAt = Instant.now();

    private volatile int calls;
    private volatile int redeletes;
    /** What the last probe that sent the delete again said (the delete had not gone through); null before any. */
    private volatile String redeleteReason;
    private volatile Instant waitDeadline;
    private volatile boolean waiting;
    private volatile OperationResult result;
    /** What IBM's 409 named that this run is still deleting: the delete is made again once it is no longer under way. */
    private volatile IbmErrors.Blocker awaited;
    /** Until when a blocker is waited for: the run's deadline, else the wait policy's budget from the first 409. */
    private volatile Instant awaitUntil;
    /** Where the retry budget counts from: the start of the deletion, or the end of a wait for a blocker. */
    private volatile Instant retryFrom = startedAt;
    /** Its identity was verified from what an earlier look of the node showed (its server's): no look of its own. */
    private volatile boolean verified;
    /** Why this instance stopped working on the task (its claim was lost); nothing more is called or written for it. */
    private volatile String abandoned;
    /**
     * A call is under way under the claim (entered into it, {@link Lease#enter}), or its result waits to be recorded:
     * an instance that shuts down hands the claim back only once that is over, so an accepted DELETE is recorded
     * before anyone else may call for the resource.
     */
    private volatile boolean inCall;

    DeleteTask(NodePlan plan, TrackedResource resource, int sequence, boolean dependencyFailed, String heldBy) {
        this.plan = plan;
        this.resource = resource;
        this.sequence = sequence;
        this.dependencyFailed = dependencyFailed;
        this.heldBy = heldBy;
    }

    public TrackedResource resource() {
        return resource;
    }

    public ResourceType type() {
        return resource.type();
    }

    public CleanupRun run() {
        return plan.run();
    }

    /** Its place in the plan's order (results are reported in it). */
    int sequence() {
        return sequence;
    }

    /** The plan the task belongs to: its run, node, claim and looks. */
    public NodePlan plan() {
        return plan;
    }

    /** An earlier step of this lane failed, so a parent this resource may depend on is still there. */
    public boolean dependencyFailed() {
        return dependencyFailed;
    }

    public int calls() {
        return calls;
    }

    /** Still waiting for an accepted delete to finish; the route polls while this holds. */
    public boolean waiting() {
        return waiting && result == null && abandoned == null;
    }

    /** Waiting for a blocker this run is deleting (IBM's 409 named it); the route polls while this holds. */
    public boolean awaiting() {
        return awaited != null && result == null && abandoned == null;
    }

    /** Why the task was given up without a result (the claim it ran under was lost), or null. */
    public String abandoned() {
        return abandoned;
    }

    /**
     * Before anything is settled without a call: is the claim still ours? If not, the task is given up — no result, no
     * write — and the new owner's run does what is left.
     */
    private boolean mayCall() {
        if (abandoned != null) {
            return false;
        }
        if (!plan.claim().held()) {
            giveUp();
            return false;
        }
        return true;
    }

    /**
     * Before every call to IBM: is the claim still ours? If so the call counts as under way under it until
     * {@link #endCall} (or, when it settles the task, until its result is {@link #recorded}); if not, the task is given
     * up — no call, no result, no write.
     */
    private boolean beginCall() {
        if (abandoned != null) {
            return false;
        }
        Lease claim = plan.claim();
        if (inCall ? !claim.held() : !claim.enter()) {
            giveUp();
            return false;
        }
        inCall = true;
        return true;
    }

    /** After a call: unless it settled the task (its result is still to be recorded), the call is over. */
    private void endCall() {
        if (inCall && result == null) {
            inCall = false;
            plan.claim().leave();
        }
    }

    /** The task's result was recorded (or could not be, or was given up): nothing of it is under way any more. */
    void recorded() {
        if (inCall) {
            inCall = false;
            plan.claim().leave();
        }
    }

    private void giveUp() {
        abandoned = plan.claim().whyNotHeld();
        waiting = false;
    }

    public OperationResult result() {
        return result;
    }

    /**
     * What ends the task before any call: someone outside this run tracks the resource too (BLOCKED), or the run's
     * deadline passed before the task's step began (FAILED, to be tried again by a later run).
     */
    public void settleBeforeCalls() {
        if (!mayCall()) {
            return;
        }
        if (heldBy != null) {
            String message = "Not deleted: " + describe() + " is also tracked by " + heldBy
                    + ", which is not part of this cleanup; an IBM resource belongs to one owner (see GET /api/cleanup/ownership/disputes)";
            finish(Outcome.BLOCKED, message, message, null, null);
        } else if (run().pastDeadline()) {
            String message = "Not attempted: the run's deadline (" + run().deadline() + ") had passed before " + describe() + " was reached";
            finish(Outcome.FAILED, message, message, null, null, true);
        }
    }

    /** Not settled yet and not waiting: the next call is still to be made. */
    public boolean pending() {
        return result == null && !waiting && awaited == null && abandoned == null;
    }

    /**
     * Before any look: when an earlier look of this node's cleanup (its server's) showed this resource, its identity is
     * checked against that, without a call — BLOCKED if it is not the resource recorded, else no look is needed.
     */
    public void checkSightings() {
        if (!pending() || resource.recorded().isEmpty() || !mayCall()) {
            return;
        }
        Map<String, String> seen = plan.sightings().covering(resource);
        if (seen != null) {
            verified = verify(seen);
        }
    }

    /** Checks the resource against what was seen of it, without a call: BLOCKED if it is not the one recorded. */
    private boolean verify(Map<String, String> seen) {
        Attempt notOurs = Identity.verify(resource, seen);
        if (notOurs != null) {
            apply(null, notOurs);
        }
        return notOurs == null;
    }

    /** Whether the delete waits for a look first: the type's own rule, unless its identity was verified already. */
    public boolean looksFirst() {
        return ResourceType.Inspect.inspectsFirst(type()) || (!verified && ResourceType.Inspect.looksFirst(resource));
    }

    /**
     * The look before the delete ({@link ResourceType.Inspect#inspect}); it may settle the task (gone, not the resource
     * recorded, blocked by its state) or start the wait.
     */
    public void inspect(IbmClients ibm) {
        if (!beginCall()) {
            return;
        }
        try {
            Map<String, String> listed = plan.looks().listed(ibm, resource, plan);
            if (listed != null && !ResourceType.Inspect.inspectsFirst(type())) {
                verify(listed); // its container's listing showed it: checked without a call of its own
                return;
            }
            calls++;
            Attempt look = type().facet(ResourceType.Inspect.class).map(i -> i.inspect(ibm, resource, plan.sightings())).orElse(null);
            if (look != null) {
                apply(ibm, look);
            }
        } finally {
            endCall();
        }
    }

    /** Ask IBM to delete. */
    public void delete(IbmClients ibm) {
        if (!beginCall()) {
            return;
        }
        try {
            calls++;
            apply(ibm, type().delete(ibm, resource));
        } catch (RuntimeException e) {
            if (!blockedBy(e)) {
                throw e; // retried, or failed, as any failed call
            }
        } finally {
            endCall();
        }
    }

    /**
     * A 409 naming a blocker ({@link IbmErrors#blocker}) spends no retry: when this run is deleting the blocker, the task
     * waits for it ({@link #awaiting}); when the run does not track it, or could not delete it, the task ends BLOCKED
     * naming it, for a person to act. False (the error goes on to the retry policy) for any other failure, a 409 naming
     * nothing readable, a blocker this run already deleted, or a wait that reached its end.
     */
    private boolean blockedBy(RuntimeException error) {
        IbmErrors.Blocker blocker = IbmErrors.blocker(error, resource.ibmId()).orElse(null);
        if (blocker == null) {
            return false;
        }
        RunDeletions.Blocker state = plan.deletions().of(blocker.id());
        if (state == RunDeletions.Blocker.UNDER_WAY) {
            if (plan.deletions().comesAfter(blocker.id(), resource, sequence)) {
                return false; // later in this very lane: it cannot go first, so retried as any 409
            }
            if (awaitUntil == null) {
                awaitUntil = run().deadline() != null ? run().deadline() : Instant.now().plus(run().waitPolicy().budget());
            }
            if (Instant.now().isAfter(awaitUntil)) {
                return false;
            }
            awaited = blocker;
            return true;
        }
        if (state == RunDeletions.Blocker.DONE) {
            return false; // gone for this run, yet IBM still names it: retried as any 409
        }
        settleBlocked(blocker, state, IbmErrors.traceId(error).orElse(null));
        return true;
    }

    private void settleBlocked(IbmErrors.Blocker blocker, RunDeletions.Blocker state, String traceId) {
        String why = state == RunDeletions.Blocker.NOT_DONE ? "which this run could not delete"
                : "which this cleanup does not track; remove it (or record it with the deployment) and clean up again";
        String message = "Not deleted: " + describe() + " is in use by " + blocker.describe() + ", " + why + " (" + blocker.reason() + ")";
        awaited = null;
        finish(Outcome.BLOCKED, message, "in use by " + blocker.describe() + ": " + blocker.reason(), 409, traceId);
    }

    /**
     * A later call of the route's wait loop: for an accepted delete, is it gone yet ({@link #probe}); for an awaited
     * blocker, nothing while the run is still deleting it (until the wait's end), then the delete again — or BLOCKED,
     * when the blocker turned out not to be the run's or could not be deleted.
     */
    public void poll(IbmClients ibm) {
        if (waiting) {
            probe(ibm);
            return;
        }
        IbmErrors.Blocker blocker = awaited;
        if (blocker != null) {
            if (!mayCall()) {
                return;
            }
            RunDeletions.Blocker state = plan.deletions().of(blocker.id());
            boolean waitOver = Instant.now().isAfter(awaitUntil) || run().pastDeadline();
            if (state == RunDeletions.Blocker.UNDER_WAY && !waitOver) {
                return;
            }
            if (state == RunDeletions.Blocker.UNTRACKED || state == RunDeletions.Blocker.NOT_DONE) {
                settleBlocked(blocker, state, null);
                return;
            }
            awaited = null;
            retryFrom = Instant.now(); // the retry budget counts from the end of the wait
        }
        delete(ibm); // after a blocker, or again after a failed call of this step
    }

    /** When this task began: the start of the resource's deletion in this run, as its audit row and the run's report show it. */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * Until when a transient failure of the next call may be retried: while waiting for an accepted delete, the wait's
     * deadline (a DELETE IBM accepted is not given up because polls failed); otherwise the resource's retry budget,
     * counted from the start of its deletion.
     */
    public Instant retryDeadline(Duration budget) {
        Instant own = waiting && waitDeadline != null ? waitDeadline : retryFrom.plus(budget);
        return run().deadline() != null && run().deadline().isBefore(own) ? run().deadline() : own;
    }

    /** A later call while waiting: is it gone yet? */
    public void probe(IbmClients ibm) {
        if (!beginCall()) {
            return;
        }
        try {
            calls++;
            Attempt probe = type().probe(ibm, resource);
            if (probe.kind() == Attempt.Kind.ALREADY_GONE) {
                finish(Outcome.DELETED, "Deleted " + describe() + (redeletes == 0 ? ""
                        : " after " + (redeletes + 1) + " delete requests (" + redeleteReason + ")"), null, null, null);
            } else {
                apply(ibm, probe);
            }
        } finally {
            endCall();
        }
    }

    /** The call failed for good (its retry budget spent, or not retryable). */
    public void fail(Throwable error) {
        Integer status = IbmErrors.status(error).orElse(null);
        boolean blockedByParent = status != null && status == 409 && dependencyFailed;
        String reason = IbmErrors.describe(error);
        String message = blockedByParent
                ? "Could not delete " + describe() + ": still in use, and what uses it could not be deleted (" + reason + ")"
                : waiting
                ? "The delete of " + describe() + " was accepted, but that it finished could not be confirmed before the wait ended ("
                        + run().waitPolicy().budget().toSeconds() + " s): " + reason
                : "Could not delete " + describe() + " after " + calls + " attempt(s): " + reason;
        finish(blockedByParent ? Outcome.BLOCKED : Outcome.FAILED, message, reason, status, IbmErrors.traceId(error).orElse(null),
                blockedByParent || IbmErrors.retryable(error));
    }

    private void apply(IbmClients ibm, Attempt attempt) {
        switch (attempt.kind()) {
            case DELETED -> finish(Outcome.DELETED, attempt.message(), null, null, null);
            case ALREADY_GONE -> finish(Outcome.ALREADY_GONE, attempt.message(), null, 404, null);
            case SKIPPED -> finish(Outcome.SKIPPED, attempt.message(), null, null, null);
            case BLOCKED -> finish(Outcome.BLOCKED, attempt.message(), attempt.message(), null, null);
            case ACCEPTED -> {
                if (waitDeadline == null) {
                    waitDeadline = Instant.now().plus(run().waitPolicy().budget());
                }
                waiting = true;
            }
            case STILL_PRESENT -> {
                if (Instant.now().isAfter(waitDeadline)) {
                    Duration budget = run().waitPolicy().budget();
                    String message = attempt.message() + " after waiting " + budget.toSeconds() + " s for the delete to finish";
                    finish(Outcome.FAILED, message, message, null, null, true);
                } else if (run().pastDeadline()) {
                    String message = attempt.message() + " when the run's deadline (" + run().deadline() + ") passed";
                    finish(Outcome.FAILED, message, message, null, null, true);
                }
            }
            case DELETE_FAILED -> {
                if (redeletes < run().waitPolicy().redeleteLimit()) {
                    redeletes++;
                    redeleteReason = attempt.message();
                    delete(ibm);
                } else {
                    String message = attempt.message() + " after " + (redeletes + 1) + " delete request(s)";
                    finish(Outcome.FAILED, message, message, null, null);
                }
            }
        }
    }

    private void finish(Outcome outcome, String message, String error, Integer httpStatus, String traceId) {
        finish(outcome, message, error, httpStatus, traceId, false);
    }

    private void finish(Outcome outcome, String message, String error, Integer httpStatus, String traceId, boolean transientFailure) {
        long durationMs = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        result = new OperationResult(resource, outcome, message, error, httpStatus, calls, durationMs, traceId, sequence, transientFailure);
        waiting = false;
        plan.deletions().finished(resource.ibmId(), outcome); // a task waiting for this one may go on
    }

    /**
     * The log's context for this task: its run, node, resource, and IBM's trace of the failed call ({@code traceId},
     * null when there is none).
     */
    public LogContext logContext(String traceId) {
        return LogContext.with(LogContext.RUN_ID, run().runId().toString(), LogContext.NODE, resource.nodeName(),
                LogContext.RESOURCE_TYPE, type().name(), LogContext.RESOURCE_ID, resource.ibmId(), LogContext.TRACE_ID, traceId);
    }

    /** A failed call about to be made again (Camel's redelivery {@code attempt}, after {@code delayMs}). */
    void logRetry(Throwable error, int attempt, long delayMs) {
        try (LogContext ignored = logContext(error == null ? null : IbmErrors.traceId(error).orElse(null))) {
            LOG.info("Retrying the IBM call for {} (retry {}, after {} ms): {}", describe(), attempt, delayMs,
                    error == null ? "no error" : IbmErrors.describe(error));
        }
    }

    private String describe() {
        return type().name().replace('_', ' ') + " " + resource.label()
                + (resource.label().equals(resource.ibmId()) ? "" : " (" + resource.ibmId() + ")");
    }

    @Override
    public String toString() {
        return "DeleteTask[" + type().name() + " " + resource.ibmId() + "]";
    }
}
