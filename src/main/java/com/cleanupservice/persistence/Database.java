package com.cleanupservice.persistence;

import com.cleanupservice.config.Settings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The product's PostgreSQL: an external server when {@code cleanup.db.url} is set, otherwise (sandbox mode only) an
 * embedded PostgreSQL whose data lives under {@code cleanup.db.embedded-dir}, so a restart remembers. The schema is
 * migrated by Flyway before anything else touches it.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final DatabaseWatch watch;

    private Database(EmbeddedPostgres embedded, HikariDataSource dataSource, DatabaseWatch watch) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.watch = watch;
    }

    public static Database open(Settings settings) {
        EmbeddedPostgres embedded = null;
        String url = settings.optional("cleanup.db.url").orElse(null);
        String user = settings.string("cleanup.db.user");
        String password = settings.optional("cleanup.db.password").orElse(null);
        if (url == null) {
            if (!settings.sandbox()) {
                throw new IllegalStateException("ibmcloud mode needs an external PostgreSQL: set CLEANUP_DB_URL, CLEANUP_DB_USER and CLEANUP_DB_PASSWORD");
            }
            embedded = startEmbedded(Path.of(settings.string("cleanup.db.embedded-dir")),
                    settings.integer("cleanup.db.embedded-port"));
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = null;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(settings.integer("cleanup.db.pool-size"));
        config.setPoolName("cleanup-db");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            closeQuietly(embedded);
            throw e;
        }
        DatabaseWatch watch = new DatabaseWatch(url, user, password,
                settings.millis("cleanup.db.watch-interval-ms"), settings.millis("cleanup.db.watch-timeout-ms"));
        return new Database(embedded, dataSource, watch);
    }

    public static void migrate(DataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info("Database schema at version {} ({} migration(s) applied now)", result.targetSchemaVersion, result.migrationsExecuted);
    }

    private static EmbeddedPostgres startEmbedded(Path dir, int port) {
        try {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            StalePostmaster.stopIfOrphaned(dir);
            LOG.info("Starting embedded PostgreSQL with its data in {}", dir.toAbsolutePath());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start (data directory " + dir.toAbsolutePath() + ")", e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseWatch watch() {
        return watch;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        watch.close();
        dataSource.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
