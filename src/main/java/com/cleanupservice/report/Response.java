package com.cleanupservice.report;

import java.util.Map;

/** An HTTP status and the JSON body that goes with it. */
public record Response(int status, Map<String, Object> body) {
}
