package com.cleanupservice.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The seed's summary of a set of operations: {@code total_operations, successful_operations, success_rate}. */
public final class Summary {

    private Summary() {
    }

    public static Map<String, Object> of(int total, int successful) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_operations", total);
        summary.put("successful_operations", successful);
        summary.put("success_rate", successRate(total, successful));
        return summary;
    }

    /** "91.7%": one decimal, as the seed's clients parse it; nothing to do counts as 100%. */
    public static String successRate(int total, int successful) {
        double rate = total == 0 ? 100.0 : successful * 100.0 / total;
        return String.format(Locale.ROOT, "%.1f%%", rate);
    }
}
