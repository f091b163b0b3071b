package dev.inspection.cli.launch;

import dev.inspection.cli.CliException;
import dev.inspection.cli.ExitCodes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The zero-setup PostgreSQL: zonky's embedded server (17.x binaries from Maven), its data kept in
 * the state folder so a second run sees what the first stored. As root, zonky runs PostgreSQL in
 * a user namespace (PostgreSQL refuses to run as root).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false);
            if (port > 0) {
                PortCheck.requireFree(port, "embedded PostgreSQL");
                builder.setPort(port);
            }
            return new EmbeddedDatabase(builder.start());
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE,
                    "embedded PostgreSQL did not start (data in " + dataDir + "): " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /**
     * Creates database {@code name} unless it exists (each service owns one: their Flyway histories
     * must not share a schema) and returns its JDBC URL.
     */
    public String database(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot create database " + name
                    + " in the embedded PostgreSQL: " + e.getMessage(), e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("warning: embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
