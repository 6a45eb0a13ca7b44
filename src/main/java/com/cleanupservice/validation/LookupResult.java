package com.cleanupservice.validation;

import com.cleanupservice.api.schema.NodeValidation;
import com.cleanupservice.resources.Attempt;
import com.cleanupservice.resources.TrackedResource;


/**
 * What IBM Cloud said about one tracked resource, live.
 *
 * @param message    the sentence for this resource (the probe's own message, or why it could not be checked)
 * @param error      for ERROR: what went wrong (e.g. "HTTP 500: ..."), else null
 * @param httpStatus for ERROR: IBM's HTTP status when it answered at all, else null
 */
record LookupResult(TrackedResource resource, CheckStatus status, String message, String error, Integer httpStatus) {

    /** Only a 404 (the probe's ALREADY_GONE) passes; anything a probe should not answer is an error, never a pass. */
    static LookupResult of(TrackedResource resource, Attempt answer) {
        return switch (answer.kind()) {
            case ALREADY_GONE -> new LookupResult(resource, CheckStatus.PASS, answer.message(), null, null);
            case STILL_PRESENT, DELETE_FAILED -> new LookupResult(resource, CheckStatus.FAIL, answer.message(), null, null);
            default -> error(resource, "unexpected lookup result " + answer.kind() + ": " + answer.message(), null);
        };
    }

    static LookupResult error(TrackedResource resource, String error, Integer httpStatus) {
        String who = resource.label().equals(resource.ibmId()) ? resource.ibmId() : resource.label() + " (" + resource.ibmId() + ")";
        return new LookupResult(resource, CheckStatus.ERROR, "Could not validate " + who + ": " + error, error, httpStatus);
    }

    NodeValidation.TrackedLookup toJson() {
        // what the ledger believes, next to what IBM Cloud says: a GONE row that FAILs is drift worth seeing
        return new NodeValidation.TrackedLookup(resource.ibmId(), resource.name(), status.name(), message,
                resource.state() == null ? null : resource.state().name(), httpStatus);
    }
}
