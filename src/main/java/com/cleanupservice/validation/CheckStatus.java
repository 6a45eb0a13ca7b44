package com.cleanupservice.validation;

/**
 * The seed's validation statuses. PASS means IBM Cloud answered 404 and nothing else; a lookup that could not be
 * made or answered otherwise is ERROR, so an outage or a missing permission never reads as "deleted".
 */
public enum CheckStatus {
    PASS, FAIL, ERROR;

    /** A check's status from its resources': anything still there fails it, else any unanswered lookup is an error. */
    static CheckStatus of(Iterable<CheckStatus> statuses) {
        boolean error = false;
        for (CheckStatus s : statuses) {
            if (s == FAIL) {
                return FAIL;
            }
            error |= s == ERROR;
        }
        return error ? ERROR : PASS;
    }
}
