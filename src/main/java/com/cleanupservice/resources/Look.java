package com.cleanupservice.resources;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The look a type takes before its delete, as every type begins it: the resource fetched by its exact id; a 404
 * settles it (already gone), and so does a live resource that is not the one recorded ({@link Identity#verify}:
 * BLOCKED). Otherwise {@link #current} is the live resource, for the type's own checks.
 *
 * @param current the live resource, when the look did not settle it
 * @param settled what ends the resource without a delete (already gone, or not ours); null to go on
 */
public record Look<T>(T current, Attempt settled) {

    /**
     * @param resource    the tracked row
     * @param get         the type's GET of the resource (a 404 is an IBM not-found error)
     * @param goneMessage the outcome's message when IBM answers 404
     * @param identity    what of the live resource its recorded identity is compared with
     */
    public static <T> Look<T> at(TrackedResource resource, Supplier<T> get, String goneMessage, Function<T, Map<String, String>> identity) {
        var current = Attempt.unlessNotFound(get);
        if (current.isEmpty()) {
            return new Look<>(null, Attempt.alreadyGone(goneMessage));
        }
        return new Look<>(current.get(), Identity.verify(resource, identity.apply(current.get())));
    }
}
