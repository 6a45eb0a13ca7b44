package com.cleanupservice.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the resources in PostgreSQL schema {@code ibmsim}, migrated by a Flyway history of its own: one row per
 * resource with its kind, id, seq and a JSON document: the kind's record as Jackson writes it
 * ({@link SimKind#toDocument}), so a new kind needs no table of its own, plus where the resource lives:
 * {@code account} (a name) and {@code region} (left out for DNS Services and built-in resources). A document written
 * before accounts and regions existed has neither and is read as the default place's.
 */
final class JdbcStatePersistence implements StatePersistence {
    static final String SCHEMA = "ibmsim";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStatePersistence.class);
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() { };

    private static final String LOAD = "SELECT kind, id, seq, document::text FROM ibmsim.resource ORDER BY seq";
    private static final String UPSERT = """
            INSERT INTO ibmsim.resource (kind, id, seq, document) VALUES (?, ?, ?, ?::jsonb)
            ON CONFLICT (kind, id) DO UPDATE SET document = excluded.document""";
    private static final String DELETE = "DELETE FROM ibmsim.resource WHERE kind = ? AND id = ?";
    private static final String CLEAR = "DELETE FROM ibmsim.resource";

    /** The document fields of the resource's {@link Place}, beside the kind's own. */
    static final String ACCOUNT = "account";
    static final String REGION = "region";

    private final DataSource dataSource;
    private final Kinds kinds;
    private final Place defaultPlace;

    private JdbcStatePersistence(DataSource dataSource, Kinds kinds, Place defaultPlace) {
        this.dataSource = dataSource;
        this.kinds = kinds;
        this.defaultPlace = defaultPlace;
    }

    /**
     * Migrates schema {@code ibmsim} to the current version and returns a persistence using it; documents without
     * a place are read as {@code defaultPlace}'s.
     */
    static JdbcStatePersistence open(DataSource dataSource, Kinds kinds, Place defaultPlace) {
        flyway(dataSource).load().migrate();
        return new JdbcStatePersistence(dataSource, kinds, defaultPlace);
    }

    /** The simulator's own Flyway configuration, separate from the product's history. */
    static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/simulator")
                .table("flyway_simulator_history");
    }

    @Override
    public List<Stored> loadAll() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(LOAD);
             ResultSet rs = s.executeQuery()) {
            List<Stored> all = new ArrayList<>();
            while (rs.next()) {
                String kindName = rs.getString("kind");
                String id = rs.getString("id");
                SimKind<?> kind;
                try {
                    kind = kinds.byWireName(kindName);
                } catch (IllegalArgumentException e) {
                    // e.g. written by a newer simulator: left in place, so nothing is lost by a downgrade
                    LOG.warn("ignoring stored {} {}: this simulator does not know that kind", kindName, id);
                    continue;
                }
                Map<String, Object> document = parse(rs.getString(4));
                Place place = new Place(text(document.remove(ACCOUNT), defaultPlace.account()),
                        text(document.remove(REGION), defaultPlace.region()));
                all.add(new Stored(kind.fromDocument(id, rs.getLong("seq"), document), place));
            }
            return all;
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the simulator state from schema " + SCHEMA, e);
        }
    }

    @Override
    public void apply(Collection<Change> changes) {
        inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT);
                 PreparedStatement delete = c.prepareStatement(DELETE)) {
                for (Change change : changes) {
                    if (change.resource() == null) {
                        delete.setString(1, change.kind().wireName());
                        delete.setString(2, change.id());
                        delete.executeUpdate();
                    } else {
                        upsert.setString(1, change.kind().wireName());
                        upsert.setString(2, change.id());
                        upsert.setLong(3, change.resource().seq());
                        upsert.setString(4, HttpSupport.toJson(document(change.kind(), change.resource(),
                                change.place())));
                        upsert.executeUpdate();
                    }
                }
            }
        });
    }

    @Override
    public void clear() {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(CLEAR)) {
                s.executeUpdate();
            }
        });
    }

    private static <R extends Resource> Map<String, Object> document(SimKind<R> kind, Resource resource,
                                                                     Place place) {
        Map<String, Object> document = new LinkedHashMap<>(kind.toDocument(kind.type().cast(resource)));
        if (place != null) {
            document.put(ACCOUNT, place.account());
            if (place.region() != null) {
                document.put(REGION, place.region());
            }
        }
        return document;
    }

    private static String text(Object value, String absent) {
        return value instanceof String s && !s.isEmpty() ? s : absent;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return HttpSupport.JSON.readValue(json, DOCUMENT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored simulator resource is not valid JSON", e);
        }
    }

    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(SqlWork work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the simulator state to schema " + SCHEMA, e);
        }
    }
}
