package dev.inspection.training.it;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the service under test talks to: an embedded PostgreSQL 17 and real grpc-java servers on
 * free ports standing in for the dataset service (real bottle files) and the feature service (real
 * extraction on the shared backbone). Static so tests can stop and restart the feature server.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    static FakeDatasetService dataset;
    static FakeFeatureService features;
    private static EmbeddedPostgres postgres;
    private static Server datasetServer;
    private static Server featureServer;
    private static int featurePort;

    @Override
    public Map<String, String> start() {
        try {
            Path shared = SharedDir.get();
            postgres = EmbeddedPostgres.builder().start();
            dataset = new FakeDatasetService(shared.resolve("data/mvtec_ad/bottle"), 5, 2, 2);
            features = new FakeFeatureService(shared.resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx"));
            datasetServer = ServerBuilder.forPort(0).addService(dataset).maxInboundMessageSize(64 << 20).build().start();
            featurePort = freePort();
            startFeatureServer();
            return Map.of(
                    "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres",
                    "inspection.training.dataset-service", "localhost:" + datasetServer.getPort(),
                    "inspection.training.feature-service", "localhost:" + featurePort);
        } catch (Exception e) {
            throw new IllegalStateException("test environment did not start: " + e.getMessage(), e);
        }
    }

    /** Takes the feature service down (connections are refused until {@link #startFeatureServer}). */
    static void stopFeatureServer() throws InterruptedException {
        featureServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static void startFeatureServer() throws IOException {
        featureServer = ServerBuilder.forPort(featurePort).addService(features).maxInboundMessageSize(64 << 20).build()
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        try {
            if (datasetServer != null) {
                datasetServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (featureServer != null) {
                featureServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (features != null) {
                features.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
