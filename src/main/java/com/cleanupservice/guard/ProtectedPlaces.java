package com.cleanupservice.guard;

import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.support.Refusal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protected accounts and regions ({@code cleanup.ibm.protected-accounts} / {@code -regions}, {@link
 * Accounts#protectedReason}): a cleanup whose plan would hold a row living there is refused as a whole (409), before it
 * claims anything and before any IBM call — never half a deployment deleted and the rest left. The places are read from
 * the registry's ledger union (each row's {@code account} and {@code region}, NULL being the default), as the
 * blast-radius guard counts; a dry run is not refused, it reports where its plan touches a protected place.
 */
public final class ProtectedPlaces {
    private final Jdbc jdbc;
    private final Accounts accounts;
    private final String ofNode;
    private final String ofDeployment;

    public ProtectedPlaces(Jdbc jdbc, ResourceTypes types, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        String places = "SELECT open.account, open.region, open.regional, COUNT(*) AS n FROM (%s) open"
                + " GROUP BY open.account, open.region, open.regional";
        // the rows the blast-radius guard counts, grouped by where they live
        this.ofNode = places.formatted(types.openRowsOfNodes("SELECT ? AS node_name"));
        this.ofDeployment = places.formatted(types.openRowsOfDeployment());
    }

    /** Why a cleanup of this node may not run (every protected place its rows live in, with their counts); empty when it may. */
    public Optional<String> ofNode(String nodeName) {
        return reason(jdbc.rows(ofNode, nodeName));
    }

    /** As {@link #ofNode}, for a deployment's nodes' rows and its own. */
    public Optional<String> ofDeployment(String deploymentId) {
        return reason(jdbc.rows(ofDeployment, deploymentId, deploymentId));
    }

    /** Refuses (409) the cleanup {@code what} when {@code reason} holds one. */
    public static void refuse(String what, Optional<String> reason) {
        reason.ifPresent(why -> {
            throw Refusal.conflict(what + " refused: " + why, Map.of("code", "protected_place"));
        });
    }

    private Optional<String> reason(List<Map<String, Object>> places) {
        Map<String, Long> rowsByPlace = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Map<String, Object> place : places) {
            String account = place.get("account") != null ? (String) place.get("account") : accounts.defaultAccount().name();
            // a VPC row of no region lives in the default one; a DNS row lives in no region
            String region = (String) place.get("region");
            if (region == null && Boolean.TRUE.equals(place.get("regional"))) {
                region = accounts.defaultRegion();
            }
            String where = "account " + account + (region == null ? "" : " in region " + region);
            Optional<String> why = accounts.protectedReason(account, region);
            if (why.isPresent()) {
                rowsByPlace.merge(where, ((Number) place.get("n")).longValue(), Long::sum);
                reasons.put(where, why.get());
            }
        }
        if (rowsByPlace.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder();
        rowsByPlace.forEach((where, n) -> message.append(message.length() == 0 ? "" : "; ").append(n)
                .append(n == 1 ? " resource lives in " : " resources live in ").append(where).append(" (").append(reasons.get(where)).append(')'));
        return Optional.of(message + "; nothing was deleted (a dry run still plans them)");
    }
}
