package dev.inspection.scoring.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real feature service as a child process (the reactor builds it before the scoring service), on
 * a fixed free port so that a stop and a start bring it back at the same address.
 */
public final class FeatureServiceProcess implements AutoCloseable {

    private final Path jar;
    private final int port;
    private final Path log;
    private Process process;

    public FeatureServiceProcess(int port) throws IOException {
        this.jar = Path.of("../feature-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("feature service jar " + jar + " is missing: build feature-service first, "
                    + "e.g. mvn -o -q -pl feature-service -am package -DskipTests");
        }
        this.port = port;
        this.log = Files.createTempFile("feature-service-", ".log");
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the process and waits until /q/health/ready answers UP. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-Dinspection.feature.backbone-file=" + SharedDir.trunkOnnx(),
                "-Dinspection.feature.provision-backbone=false",
                "-Dinspection.feature.intra-op-threads=2",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-jar", jar.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady(TimeUnit.SECONDS.toNanos(120));
    }

    private void awaitReady(long timeoutNanos) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("feature service exited with " + process.exitValue() + "; log: "
                        + tail());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) ready.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("feature service not ready after the timeout; log: " + tail());
    }

    /** Kills the process (as a crash would) and waits for it to end. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private String tail() throws IOException {
        String text = Files.readString(log);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
