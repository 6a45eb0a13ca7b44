package com.cleanupservice.cleanup;

import java.time.Duration;

/**
 * How long to wait for an asynchronous delete (bare metal servers) to finish: poll every {@code pollInterval} until
 * the resource answers 404, for at most {@code budget}; a delete that ends {@code failed} is sent again up to
 * {@code redeleteLimit} times. A whole run ends within {@code runDeadline} of its start, whatever it still waits for.
 */
public record WaitPolicy(Duration pollInterval, Duration budget, int redeleteLimit, Duration runDeadline) {
}
