package com.cleanupservice.simulator;

/** An IBM API error answer: HTTP status plus the {@code errors[0].code} and message of the IBM error body. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false); // expected outcome, not a bug: no stack trace needed
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
