package dev.inspection.dataset.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real PostgreSQL (zonky embedded binaries; as root it runs through {@code unshare -U}) for the
 * whole test run, plus the temp import root the tests build their folders in.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    /** Second import root of the test profile (see application.properties). */
    public static final Path TEST_IMPORT_ROOT = Path.of(System.getProperty("java.io.tmpdir"), "dataset-service-test-imports");

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(TEST_IMPORT_ROOT);
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
