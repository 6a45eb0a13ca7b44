package com.cleanupservice.validation;

import com.cleanupservice.api.schema.DriftReport;
import com.cleanupservice.api.schema.NodeValidation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The {@code untracked_resources} entry of {@code validation_results}: what drift discovery (live IBM list calls) finds
 * of the target that nobody tracks. The tracked checks ask about every tracked id; this one is what makes "validated"
 * mean nothing of the target is left, tracked or not. FAIL when an untracked or ambiguous resource is found (each in
 * {@code resources} with its evidence), else ERROR when the scan was incomplete — an unlisted collection proves
 * nothing —, PASS only after a complete scan found none.
 */
record UntrackedCheck(CheckStatus status, String message, List<NodeValidation.CheckedResource> resources) {
    static final String NAME = "untracked_resources";
    private static final int NAMED_IN_MESSAGE = 5;

    /**
     * From a drift report: the untracked entries whose owner {@code mine} accepts (by node name; null for the
     * deployment's own) and the ambiguous ones one of whose claimants in the target it accepts.
     */
    static UntrackedCheck of(DriftReport report, Predicate<String> mine, String adoptPath) {
        List<NodeValidation.CheckedResource> found = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (DriftReport.Found u : report.untracked()) {
            if (mine.test(u.node_name())) {
                found.add(new NodeValidation.UntrackedFinding(u.id(), u.name(), u.type(), CheckStatus.FAIL.name(), "untracked: " + u.evidence(),
                        false, u.node_name(), u.deployment_id(), u.evidence(), u.account(), u.region()));
                named.add(name(u.type(), u.id(), u.name(), u.account(), u.region()));
            }
        }
        for (DriftReport.AmbiguousResource a : report.ambiguous()) {
            if (a.claimants().stream().anyMatch(c -> c.in_target() && mine.test(c.node_name()))) {
                found.add(new NodeValidation.AmbiguousFinding(a.id(), a.name(), a.type(), CheckStatus.FAIL.name(), "ambiguous: " + a.reason(),
                        false, a.claimants(), a.account(), a.region()));
                named.add(name(a.type(), a.id(), a.name(), a.account(), a.region()));
            }
        }
        List<String> errors = report.errors();
        if (!found.isEmpty()) {
            String message = found.size() + " untracked resource(s) still exist in IBM Cloud: "
                    + named.stream().limit(NAMED_IN_MESSAGE).collect(Collectors.joining("; "))
                    + (found.size() > NAMED_IN_MESSAGE ? "; and " + (found.size() - NAMED_IN_MESSAGE) + " more" : "")
                    + "; adopt them (POST " + adoptPath + ") and clean up again";
            return new UntrackedCheck(CheckStatus.FAIL, errors.isEmpty() ? message : message + "; the scan was also incomplete: "
                    + String.join("; ", errors), found);
        }
        if (!errors.isEmpty()) {
            return error("the scan was incomplete: " + String.join("; ", errors));
        }
        return new UntrackedCheck(CheckStatus.PASS, "No untracked resources found in IBM Cloud (" + report.scanned().list_calls()
                + " list call(s))", List.of());
    }

    /** The scan could not be made at all: unknown, never a pass. */
    static UntrackedCheck error(String why) {
        return new UntrackedCheck(CheckStatus.ERROR, "Could not look for untracked resources: " + why, List.of());
    }

    private static String name(String type, String id, String name, String account, String region) {
        return type + " " + id + (name == null ? "" : " (" + name + ")") + " in " + account + (region == null ? "" : "/" + region);
    }

    NodeValidation.Check toJson() {
        return new NodeValidation.Check(NAME, status.name(), message, resources);
    }
}
