package com.cleanupservice.ibm;

import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the product reads a failed IBM call. sdk-core raises typed {@link ServiceResponseException}s for HTTP errors and
 * wraps connection failures (resets, timeouts, refused connections) in a RuntimeException around an IOException.
 */
public final class IbmErrors {
    private IbmErrors() {
    }

    /** The HTTP status IBM answered, or empty when no answer came (connection failure, timeout). */
    public static Optional<Integer> status(Throwable t) {
        return responseException(t).map(ServiceResponseException::getStatusCode);
    }

    public static boolean notFound(Throwable t) {
        return status(t).filter(s -> s == 404).isPresent();
    }

    /**
     * Worth another try: 429, 5xx except 501, 409 (the resource is still in use by a parent that is going away), and
     * any connection failure or timeout. 400/401/403 and other 4xx are final.
     */
    public static boolean retryable(Throwable t) {
        Optional<Integer> status = status(t);
        if (status.isPresent()) {
            int s = status.get();
            return s == 429 || s == 409 || (s >= 500 && s != 501);
        }
        return ioCause(t).isPresent();
    }

    /**
     * What a 409 says is in the way of a delete: its type as IBM's message names it ({@code kind}, null when the message
     * names only an id), its id, and IBM's answer in words ({@code reason}, as {@link #describe} gives it).
     */
    public record Blocker(String kind, String id, String reason) {
        /** "virtual_network_interface 0717-…", or the id alone. */
        public String describe() {
            return kind == null ? id : kind + " " + id;
        }
    }

    private static final String ID = "([A-Za-z0-9][A-Za-z0-9:._-]*[A-Za-z0-9])";
    /**
     * Where IBM's 409 messages name what is in the way, first match wins: a subnet's {@code subnet_in_use_…} ("in use
     * by virtual_network_interface 0717-…"), a security group's targets ("target(s) (0717-…, …)"), a public gateway's
     * subnets ("attached to subnet(s) 0717-…"), a VNI's server and a reserved IP's VNI ("attached to bare metal server
     * 0717-…", "bound to virtual network interface 0717-…"), a DNS record's PTR ("referenced by PTR record PTR:…").
     */
    private static final List<Pattern> NAMED = List.of(
            Pattern.compile("in use by (?!one )([a-z][a-z_]*) " + ID), // not "in use by one or more …"
            Pattern.compile("(target)\\(s\\) \\(" + ID),
            Pattern.compile("attached to (subnet)\\(s\\) " + ID),
            Pattern.compile("(?:attached|bound) to (bare metal server|virtual network interface) " + ID),
            Pattern.compile("referenced by (PTR) record " + ID));
    /** Ids in IBM's own form anywhere in a message: a VPC id ({@code 0717-<uuid>}, {@code r006-<uuid>}) or a DNS record's. */
    private static final Pattern ANY_ID = Pattern.compile(
            "\\b((?:[a-z0-9]{4}-|[A-Z]{1,5}:)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b");

    /**
     * The blocker a 409 names, if its message names one other than the resource being deleted ({@code selfId}): the
     * one place that reads IBM's conflict messages. Empty for any other answer, and for a 409 that names nothing
     * readable (a server in a status that cannot be deleted): such a conflict is retried as before.
     */
    public static Optional<Blocker> blocker(Throwable t, String selfId) {
        Optional<ServiceResponseException> response = responseException(t).filter(e -> e.getStatusCode() == 409);
        if (response.isEmpty() || response.get().getMessage() == null) {
            return Optional.empty();
        }
        String message = response.get().getMessage();
        String reason = describe(t);
        for (Pattern named : NAMED) {
            Matcher m = named.matcher(message);
            while (m.find()) {
                if (!m.group(2).equals(selfId)) {
                    return Optional.of(new Blocker(m.group(1).replace(' ', '_'), m.group(2), reason));
                }
            }
        }
        Matcher any = ANY_ID.matcher(message);
        while (any.find()) {
            if (!any.group(1).equals(selfId)) {
                return Optional.of(new Blocker(null, any.group(1), reason));
            }
        }
        return Optional.empty();
    }

    /** The delay IBM asked for with {@code Retry-After} (seconds or an HTTP date). */
    public static Optional<Duration> retryAfter(Throwable t) {
        return responseException(t)
                .map(e -> e.getHeaders() == null ? null : e.getHeaders().values("Retry-After"))
                .filter(values -> !values.isEmpty())
                .map(values -> values.get(0))
                .flatMap(IbmErrors::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** IBM's trace id ({@code trace} in the error body, else the {@code X-Request-Id} header), for support tickets. */
    public static Optional<String> traceId(Throwable t) {
        return responseException(t).map(e -> {
            if (e.getDebuggingInfo() != null && e.getDebuggingInfo().get("trace") != null) {
                return String.valueOf(e.getDebuggingInfo().get("trace"));
            }
            return e.getHeaders() == null ? null : first(e.getHeaders().values("X-Request-Id"));
        });
    }

    /** A one-line description fit for an operator: status and IBM's message, or the connection failure. */
    public static String describe(Throwable t) {
        Optional<ServiceResponseException> response = responseException(t);
        if (response.isPresent()) {
            ServiceResponseException e = response.get();
            String message = e.getMessage() == null ? "" : ": " + e.getMessage();
            return "HTTP " + e.getStatusCode() + message;
        }
        Optional<IOException> io = ioCause(t);
        if (io.isPresent()) {
            IOException e = io.get();
            return "connection failure (" + ioKind(e) + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
        // not from IBM: said in words (the exception itself, with its class, goes to the log)
        return "unexpected error" + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** What kind of connection failure, in words an operator knows (a class name is not one). */
    private static String ioKind(IOException e) {
        if (e instanceof java.net.SocketTimeoutException || e instanceof java.io.InterruptedIOException) {
            return "timeout";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failure";
        }
        return "I/O error";
    }

    private static Optional<ServiceResponseException> responseException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ServiceResponseException e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Optional<IOException> ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
