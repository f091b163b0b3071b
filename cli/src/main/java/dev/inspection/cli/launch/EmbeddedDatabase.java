package dev.inspection.cli.launch;

import dev.inspection.cli.CliException;
import dev.inspection.cli.ExitCodes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
