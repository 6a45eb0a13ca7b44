package com.cleanupservice.testsupport;

import com.cleanupservice.persistence.Database;
import com.cleanupservice.persistence.Jdbc;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL per test JVM (starting it costs seconds); every caller gets a database of its own,
 * so test classes never see each other's rows.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Deque<AutoCloseable> BEFORE_SERVER = new ConcurrentLinkedDeque<>();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (AutoCloseable user : BEFORE_SERVER) {
                    try {
                        user.close();
                    } catch (Exception ignored) {
                        // the JVM is going away; the server's close below is what matters
                    }
                }
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp directory is removed by zonky
                }
            }));
        }
        return server;
    }

    /** Closed when the JVM exits, last registered first, before the server stops (an application still using it). */
    public static void closeBeforeServer(AutoCloseable user) {
        BEFORE_SERVER.push(user);
    }

    /** Creates a fresh, empty database and returns its JDBC URL (user postgres, no password). */
    public static String freshDatabaseUrl() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name); // name is generated above, never user input
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** A plain DataSource on a fresh database. */
    public static DataSource freshDataSource() {
        String url = freshDatabaseUrl();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        return ds;
    }

    /** A fresh database migrated to the service's schema, as the service would leave it. */
    public static Jdbc freshMigrated() {
        DataSource dataSource = freshDataSource();
        Database.migrate(dataSource);
        return new Jdbc(dataSource);
    }
}
