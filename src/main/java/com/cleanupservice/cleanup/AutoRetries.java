package com.cleanupservice.cleanup;

import java.time.Duration;
import java.util.List;

/**
 * When a node whose cleanup failed only transiently is cleaned again by itself: after the first interval, then the
 * next, the last one repeating, for at most {@code maxAttempts} automatic runs. No intervals: never.
 */
public record AutoRetries(List<Duration> intervals, int maxAttempts) {

    public AutoRetries {
        intervals = List.copyOf(intervals);
    }

    /** How long after the failure the next automatic run is due, or null when there is none (after {@code done} runs). */
    public Duration after(int done) {
        if (intervals.isEmpty() || done >= maxAttempts) {
            return null;
        }
        return intervals.get(Math.min(done, intervals.size() - 1));
    }

    /** "2m, 10m, 30m" (s, m, h units). */
    public static AutoRetries parse(String intervals, int maxAttempts) {
        if (intervals == null || intervals.isBlank()) {
            return new AutoRetries(List.of(), 0);
        }
        List<Duration> parsed = java.util.Arrays.stream(intervals.split(",")).map(String::trim).map(AutoRetries::duration).toList();
        return new AutoRetries(parsed, maxAttempts);
    }

    private static Duration duration(String text) {
        if (!text.matches("\\d{1,6}[smh]")) {
            throw new IllegalStateException("an automatic retry interval is a number and s, m or h (like 10m), not '" + text + "'");
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
