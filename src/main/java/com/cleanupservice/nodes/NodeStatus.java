package com.cleanupservice.nodes;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node's {@code nodes.deployment_status}: the provisioner's statuses and the cleanup's. {@link #value()} is the
 * text stored and answered (also {@link #toString()} and the JSON form); a status read from the database is compared
 * with {@link #is} or parsed with {@link #of}, since the column may hold text this service never writes.
 */
public enum NodeStatus {
    /** Registered by the provisioner, not yet up: live. */
    PROVISIONING("provisioning"),
    /** Up and in use: live. */
    DEPLOYED("deployed"),
    /** The provisioner gave up on it (it reports {@code failed}, {@code error} or {@code timeout}). */
    FAILED("failed"),
    ERROR("error"),
    TIMEOUT("timeout"),
    /** Claimed by a cleanup run (a lease: the run's owner, run id, claim time and epoch are on the row). */
    CLEANUP_IN_PROGRESS("cleanup_in_progress"),
    /** Cleaned: none of its tracked resources is left. */
    CLEANUP_COMPLETED("cleanup_completed"),
    /** A resource was recorded on it after (or while) its cleanup ran: a follow-up cleanup is due. */
    CLEANUP_PENDING("cleanup_pending"),
    /** Its cleanup did not delete everything; cleaned again automatically when its failures pass, or by a sweep. */
    CLEANUP_FAILED("cleanup_failed");

    /** A cleanup of a live node is refused unless forced. */
    public static final Set<NodeStatus> LIVE = Collections.unmodifiableSet(EnumSet.of(PROVISIONING, DEPLOYED));
    /** What the provisioner may report when a deployment gives up. */
    public static final Set<NodeStatus> PROVISIONING_FAILED = Collections.unmodifiableSet(EnumSet.of(FAILED, ERROR, TIMEOUT));
    /** Waiting for a cleanup: given up by the provisioner, or cleaned without finishing. */
    public static final Set<NodeStatus> NEEDS_CLEANUP = Collections.unmodifiableSet(
            EnumSet.of(FAILED, ERROR, TIMEOUT, CLEANUP_FAILED, CLEANUP_PENDING));

    private final String value;

    NodeStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** Whether {@code status}, as read from the database, is this one. */
    public boolean is(String status) {
        return value.equals(status);
    }

    /** The status {@code value} stands for; empty for text that is none of them. */
    public static Optional<NodeStatus> of(String value) {
        for (NodeStatus s : values()) {
            if (s.value.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code status}, as read from the database, is one of {@code statuses}. */
    public static boolean in(Set<NodeStatus> statuses, String status) {
        return of(status).filter(statuses::contains).isPresent();
    }

    /** How many of the nodes counted per status value ({@code byStatus}) have one of {@code statuses}. */
    public static long count(java.util.Map<String, Long> byStatus, Set<NodeStatus> statuses) {
        return byStatus.entrySet().stream().filter(e -> in(statuses, e.getKey())).mapToLong(java.util.Map.Entry::getValue).sum();
    }

    /** The values of {@code statuses}, sorted: for messages, and as a text array bound to {@code = ANY(?)}. */
    public static List<String> valuesOf(Collection<NodeStatus> statuses) {
        return statuses.stream().map(NodeStatus::value).sorted().toList();
    }

    @Override
    public String toString() {
        return value;
    }
}
