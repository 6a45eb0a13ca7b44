package com.cleanupservice.resources;

import com.cleanupservice.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default place written down (V23): a row whose {@code account} or {@code region} is NULL (V22) lives in the
 * default account and region, and "the default" is the one recorded in {@code default_place}, not whatever the settings
 * say today. At start ({@link #settle}), in one transaction under an advisory lock (replicas starting together settle
 * one after the other): nothing recorded, the configured default is; the recorded one differs from the configured one
 * (the operator changed {@code cleanup.ibm.region} or {@code cleanup.ibm.default-account}), the recorded one is first
 * written into every NULL account and region, so the rows recorded before keep their place, and then the configured one
 * is recorded; new rows without a place are the new default's. Only {@code account} and {@code region} are written: no
 * trigger of the tracking tables acts on them (the ownership triggers watch the ids and owners, the reopen triggers
 * inserts, V14's status counts only changed statuses), and {@code updated_at} stays, so no state, count or history
 * moves.
 */
public final class DefaultPlace {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultPlace.class);

    /** Serializes the replicas' starts; another key than any other advisory lock of the service. */
    private static final long LOCK_KEY = 0x6465665f706c6163L; // "def_plac"
    private static final String LOCK = "SELECT pg_advisory_xact_lock(?)";
    private static final String RECORDED = "SELECT account, region FROM default_place";
    private static final String RECORD = """
            INSERT INTO default_place (account, region) VALUES (?, ?)
            ON CONFLICT (only_row) DO UPDATE SET account = EXCLUDED.account, region = EXCLUDED.region, recorded_at = now()
            """;
    /** Tables whose rows carry a region beside the account; positional parameters: account, region. */
    private static final List<String> REGIONAL_TABLES = List.of("nodes", "vnic_info", "ip_reservations");
    private static final String FILL_REGIONAL = """
            UPDATE %s SET account = COALESCE(account, ?), region = COALESCE(region, ?)
             WHERE account IS NULL OR region IS NULL
            """;
    private static final String FILL_DNS = "UPDATE dns_records SET account = ? WHERE account IS NULL";
    /**
     * The shared ledger: every row gets the account, a row of a regional type also the region (a global type's region
     * stays NULL: it has none). Positional parameters: account, region, the global types' names (an array).
     */
    private static final String FILL_TRACKED = """
            UPDATE tracked_resources
               SET account = COALESCE(account, ?),
                   region = CASE WHEN resource_type = ANY(?) THEN region ELSE COALESCE(region, ?) END
             WHERE account IS NULL OR (region IS NULL AND NOT resource_type = ANY(?))
            """;

    /** Where rows naming no account or region live. */
    public record Place(String account, String region) {
        @Override
        public String toString() {
            return "account " + account + " in region " + region;
        }
    }

    /** A change of default: the one before, the one now, and how many rows per table were given the one before. */
    public record Moved(Place from, Place to, Map<String, Integer> rows) {
    }

    private DefaultPlace() {
    }

    /**
     * Records {@code configured} as the default place, first writing the recorded one into the rows that named none
     * when it differs; answers what was moved (empty when nothing was recorded yet or the default is unchanged).
     * {@code types}: which types of the shared ledger are global (their rows get no region).
     */
    public static Optional<Moved> settle(Jdbc jdbc, Place configured, ResourceTypes types) {
        return settle(jdbc, configured, types.all().stream().filter(t -> !t.rows().regional()).map(ResourceType::name).toArray(String[]::new));
    }

    /** As {@link #settle(Jdbc, Place, ResourceTypes)}, {@code global} the names of the types whose rows have no region. */
    static Optional<Moved> settle(Jdbc jdbc, Place configured, String[] global) {
        Optional<Moved> moved = jdbc.inTransaction(tx -> {
            tx.one(LOCK, rs -> rs.getObject(1), LOCK_KEY);
            Optional<Place> recorded = tx.one(RECORDED, rs -> new Place(rs.getString("account"), rs.getString("region")));
            if (recorded.isPresent() && recorded.get().equals(configured)) {
                return Optional.<Moved>empty();
            }
            Optional<Moved> change = Optional.empty();
            if (recorded.isPresent()) {
                change = Optional.of(new Moved(recorded.get(), configured, fill(tx, recorded.get(), global)));
            }
            tx.update(RECORD, configured.account(), configured.region());
            return change;
        });
        moved.ifPresentOrElse(m -> LOG.warn("The default place changed from {} to {}: the rows recorded without a place keep "
                        + "the old one, written into them: {}; rows recorded from now on without a place are in {}",
                        m.from(), m.to(), m.rows(), m.to()),
                () -> LOG.info("Rows recorded without a place are in {} (the default place)", configured));
        return moved;
    }

    /** The default place recorded, if any. */
    public static Optional<Place> recorded(Jdbc jdbc) {
        return jdbc.one(RECORDED, rs -> new Place(rs.getString("account"), rs.getString("region")));
    }

    private static Map<String, Integer> fill(Jdbc.Tx tx, Place old, String[] global) throws SQLException {
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String table : REGIONAL_TABLES) {
            rows.put(table, tx.update(FILL_REGIONAL.formatted(table), old.account(), old.region()));
        }
        rows.put("dns_records", tx.update(FILL_DNS, old.account()));
        rows.put("tracked_resources", tx.update(FILL_TRACKED, old.account(), global, old.region(), global));
        return rows;
    }
}
