package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmErrors;

import java.util.function.Supplier;

/**
 * What one delete call (or one existence probe while waiting) came to. Errors worth retrying are not values: they
 * are thrown, so Camel's redelivery sees them.
 */
public record Attempt(Kind kind, String message) {

    public enum Kind {
        /** IBM confirmed the resource is gone. */
        DELETED,
        /** IBM answered 404: someone (or a cascade) deleted it already. Counts as success. */
        ALREADY_GONE,
        /** Accepted but asynchronous: wait until a probe answers 404. */
        ACCEPTED,
        /** Nothing to do (for example the row never got an IBM id). Counts as success. */
        SKIPPED,
        /** IBM will not delete it in its current state (for example a pending server); needs a human or time. */
        BLOCKED,
        /** A probe while waiting: still there. */
        STILL_PRESENT,
        /** A probe while waiting: the delete failed on IBM's side; deleting again may work. */
        DELETE_FAILED
    }

    /** Runs one IBM call; IBM's 404 means the resource is gone ({@code goneMessage}), other failures are thrown. */
    public static Attempt unlessGone(Supplier<Attempt> call, String goneMessage) {
        return unlessNotFound(call).orElseGet(() -> alreadyGone(goneMessage));
    }

    /**
     * Runs one delete call: {@code done} when IBM took it, ALREADY_GONE ({@code goneMessage}) on IBM's 404 (someone, or
     * a cascade, deleted it already); other failures are thrown.
     */
    public static Attempt deleteUnlessGone(Runnable call, Attempt done, String goneMessage) {
        return unlessGone(() -> {
            call.run();
            return done;
        }, goneMessage);
    }

    /** What one IBM call returned, or empty when IBM answered 404; other failures are thrown. */
    public static <T> java.util.Optional<T> unlessNotFound(Supplier<T> call) {
        try {
            return java.util.Optional.of(call.get());
        } catch (RuntimeException e) {
            if (IbmErrors.notFound(e)) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    public static Attempt deleted(String message) {
        return new Attempt(Kind.DELETED, message);
    }

    public static Attempt alreadyGone(String message) {
        return new Attempt(Kind.ALREADY_GONE, message);
    }

    public static Attempt accepted(String message) {
        return new Attempt(Kind.ACCEPTED, message);
    }

    public static Attempt skipped(String message) {
        return new Attempt(Kind.SKIPPED, message);
    }

    public static Attempt blocked(String message) {
        return new Attempt(Kind.BLOCKED, message);
    }

    public static Attempt stillPresent(String message) {
        return new Attempt(Kind.STILL_PRESENT, message);
    }

    public static Attempt deleteFailed(String message) {
        return new Attempt(Kind.DELETE_FAILED, message);
    }
}
