package com.cleanupservice.persistence;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The small amount of plain JDBC the product needs outside routes: bound parameters only, SQL from constants, one
 * connection per call or per transaction. Failures surface as {@link DataAccessException}.
 */
public final class Jdbc {
    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** Statements sharing one connection and one transaction. */
    public static final class Tx {
        private final Connection connection;

        private Tx(Connection connection) {
            this.connection = connection;
        }

        public int update(String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = prepare(connection, sql, params)) {
                return ps.executeUpdate();
            }
        }

        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            try (PreparedStatement ps = prepare(connection, sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }

        public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            List<T> rows = query(sql, mapper, params);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(new Tx(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed); // keep the cause that made us roll back
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public int update(String sql, Object... params) {
        return inConnection(tx -> tx.update(sql, params));
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return inConnection(tx -> tx.query(sql, mapper, params));
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        return inConnection(tx -> tx.one(sql, mapper, params));
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        return query(sql, Jdbc::toMap, params);
    }

    private <T> T inConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(new Tx(c));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** A row as an ordered map, column label to value; timestamps become {@link Instant}s. */
    public static Map<String, Object> toMap(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            if (value instanceof Timestamp ts) {
                value = ts.toInstant();
            } else if (value instanceof java.time.OffsetDateTime odt) {
                value = odt.toInstant();
            }
            row.put(md.getColumnLabel(i), value);
        }
        return row;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (p instanceof UUID uuid) {
                ps.setObject(i + 1, uuid);
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    public static final class DataAccessException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DataAccessException(SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
