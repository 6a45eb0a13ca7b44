package com.cleanupservice.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The {@code untracked_resources} entry of {@code validation_results}: what drift discovery (live IBM list calls) finds
 * of the target that nobody tracks. The tracked checks ask about every tracked id; this one is what makes "validated"
 * mean nothing of the target is left, tracked or not. FAIL when an untracked or ambiguous resource is found (each in
 * {@code resources} with its evidence), else ERROR when the scan was incomplete — an unlisted collection proves
 * nothing —, PASS only after a complete scan found none.
 */
record UntrackedCheck(CheckStatus status, String message, List<Map<String, Object>> resources) {
    static final String NAME = "untracked_resources";
    private static final int NAMED_IN_MESSAGE = 5;

    /**
     * From a drift report: the untracked entries {@code mine} accepts (by owner) and the ambiguous ones one of whose
     * claimants in the target it accepts.
     */
    static UntrackedCheck of(Map<String, Object> report, Predicate<Map<?, ?>> mine, String adoptPath) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<?, ?> u : maps(report.get("untracked"))) {
            if (mine.test(u)) {
                found.add(entry(u, "untracked: " + u.get("evidence")));
            }
        }
        for (Map<?, ?> a : maps(report.get("ambiguous"))) {
            List<Map<?, ?>> ours = maps(a.get("claimants")).stream()
                    .filter(c -> Boolean.TRUE.equals(c.get("in_target")) && mine.test(c)).toList();
            if (!ours.isEmpty()) {
                Map<String, Object> entry = entry(a, "ambiguous: " + a.get("reason"));
                entry.put("claimants", a.get("claimants"));
                found.add(entry);
            }
        }
        List<String> errors = strings(report.get("errors"));
        if (!found.isEmpty()) {
            String named = found.stream().limit(NAMED_IN_MESSAGE).map(r -> r.get("resource_type") + " " + r.get("resource_id")
                    + (r.get("resource_name") == null ? "" : " (" + r.get("resource_name") + ")")).collect(Collectors.joining("; "));
            String message = found.size() + " untracked resource(s) still exist in IBM Cloud: " + named
                    + (found.size() > NAMED_IN_MESSAGE ? "; and " + (found.size() - NAMED_IN_MESSAGE) + " more" : "")
                    + "; adopt them (POST " + adoptPath + ") and clean up again";
            return new UntrackedCheck(CheckStatus.FAIL, errors.isEmpty() ? message : message + "; the scan was also incomplete: "
                    + String.join("; ", errors), found);
        }
        if (!errors.isEmpty()) {
            return error("the scan was incomplete: " + String.join("; ", errors));
        }
        return new UntrackedCheck(CheckStatus.PASS, "No untracked resources found in IBM Cloud (" + calls(report) + " list call(s))", List.of());
    }

    /** The scan could not be made at all: unknown, never a pass. */
    static UntrackedCheck error(String why) {
        return new UntrackedCheck(CheckStatus.ERROR, "Could not look for untracked resources: " + why, List.of());
    }

    private static Map<String, Object> entry(Map<?, ?> found, String message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("resource_id", found.get("id"));
        entry.put("resource_name", found.get("name"));
        entry.put("resource_type", found.get("type"));
        entry.put("status", CheckStatus.FAIL.name());
        entry.put("message", message);
        entry.put("tracked", false);
        if (found.containsKey("evidence")) {
            entry.put("node_name", found.get("node_name"));
            entry.put("deployment_id", found.get("deployment_id"));
            entry.put("evidence", found.get("evidence"));
        }
        return entry;
    }

    private static Object calls(Map<String, Object> report) {
        return report.get("scanned") instanceof Map<?, ?> scanned ? scanned.get("list_calls") : "?";
    }

    private static List<Map<?, ?>> maps(Object value) {
        return value instanceof List<?> list ? list.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList() : List.of();
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("check", NAME);
        json.put("status", status.name());
        json.put("message", message);
        json.put("resources", resources);
        return json;
    }
}
