package dev.inspection.scoring.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;

/**
 * Chooses the ports of the feature service and the registry before the scoring service starts and
 * points its configuration at them. The tests themselves start the peers on these ports (read back
 * from the system properties below), so that they can stop and restart them.
 */
public class PeerPorts implements QuarkusTestResourceLifecycleManager {

    public static final String FEATURE_PORT = "scoring.test.feature-port";
    public static final String REGISTRY_PORT = "scoring.test.registry-port";
    public static final int MAX_BATCH = 4;

    @Override
    public Map<String, String> start() {
        try {
            int feature = freePort();
            int registry = freePort();
            System.setProperty(FEATURE_PORT, Integer.toString(feature));
            System.setProperty(REGISTRY_PORT, Integer.toString(registry));
            return Map.of(
                    "inspection.scoring.feature-service", "127.0.0.1:" + feature,
                    "inspection.scoring.registry", "127.0.0.1:" + registry,
                    "inspection.scoring.cache-dir", Files.createTempDirectory("scoring-cache").toString(),
                    "inspection.scoring.max-batch-size", Integer.toString(MAX_BATCH),
                    // The build machines are shared and oversubscribed: a starved feature call must not
                    // turn into a spurious DEADLINE_EXCEEDED (the production default is 30 s).
                    "inspection.scoring.feature-deadline-ms", "180000");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int port(String property) {
        return Integer.parseInt(System.getProperty(property));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        // The tests own the peers and stop them.
    }
}
