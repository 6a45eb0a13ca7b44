package com.cleanupservice.validation;

import com.cleanupservice.api.schema.NodeValidation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One entry of {@code validation_results}: a check (a resource type's {@code validationCheck()}) over every tracked
 * resource of that kind, with the seed's {@code check, status, message} and, per resource, what IBM Cloud said.
 */
record Check(String name, CheckStatus status, String message, List<LookupResult> resources) {

    /** At most this many resources are named in a check's message; the resources list has them all. */
    private static final int NAMED_IN_MESSAGE = 5;

    static Check of(String name, String label, List<LookupResult> resources) {
        CheckStatus status = CheckStatus.of(resources.stream().map(LookupResult::status).toList());
        return new Check(name, status, message(status, label, resources), List.copyOf(resources));
    }

    private static String message(CheckStatus status, String label, List<LookupResult> resources) {
        if (resources.isEmpty()) {
            return "No " + label + " tracked";
        }
        return switch (status) {
            case PASS -> passed(label, resources);
            case FAIL -> failed(label, resources);
            case ERROR -> unknown(label, resources);
        };
    }

    private static String passed(String label, List<LookupResult> resources) {
        int n = resources.size();
        return n == 1 ? resources.get(0).message() : "All " + label + " successfully deleted (" + n + " of " + n + " not found)";
    }

    /** What still exists (the probe says its status, e.g. deleting), and what could not be asked besides. */
    private static String failed(String label, List<LookupResult> resources) {
        List<LookupResult> present = with(resources, CheckStatus.FAIL);
        List<LookupResult> errors = with(resources, CheckStatus.ERROR);
        String message = resources.size() == 1 ? present.get(0).message()
                : present.size() + " of " + resources.size() + " " + label + " still exist: "
                + join(present.stream().map(LookupResult::message).toList());
        return errors.isEmpty() ? message : message + "; could not validate " + errors.size() + " more: " + errorDetails(errors);
    }

    private static String unknown(String label, List<LookupResult> resources) {
        List<LookupResult> errors = with(resources, CheckStatus.ERROR);
        return resources.size() == 1
                ? "Could not validate " + label + " " + resources.get(0).resource().ibmId() + ": " + errors.get(0).error()
                : "Could not validate " + errors.size() + " of " + resources.size() + " " + label + ": " + errorDetails(errors);
    }

    private static List<LookupResult> with(List<LookupResult> resources, CheckStatus status) {
        return resources.stream().filter(r -> r.status() == status).toList();
    }

    /** Lookups failing alike say so once. */
    private static String errorDetails(List<LookupResult> errors) {
        return join(errors.stream().map(LookupResult::error).distinct().toList());
    }

    private static String join(List<String> parts) {
        String named = parts.stream().limit(NAMED_IN_MESSAGE).collect(Collectors.joining("; "));
        return parts.size() > NAMED_IN_MESSAGE ? named + "; and " + (parts.size() - NAMED_IN_MESSAGE) + " more" : named;
    }

    NodeValidation.Check toJson() {
        return new NodeValidation.Check(name, status.name(), message, resources.stream().<NodeValidation.CheckedResource>map(LookupResult::toJson).toList());
    }
}
