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
 * A packaged Quarkus service of the suite as a child process on a fixed port, so that a stop and a
 * start bring it back at the same address. Readiness is /q/health/ready.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> systemProperties;
    private final Path log;
    private Process process;

    private ServiceProcess(String name, Path jar, int port, List<String> systemProperties) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar " + jar + " is missing: build " + name + " first, e.g. "
                    + "mvn -o -q -pl " + name + " -am package -DskipTests");
        }
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.systemProperties = List.copyOf(systemProperties);
        this.log = Files.createTempFile(name + "-", ".log");
    }

    /** The real feature service (built by the reactor before the scoring service) with the shared trunk. */
    public static ServiceProcess featureService(Path repoRoot, int port) throws IOException {
        return new ServiceProcess("feature-service", repoRoot.resolve("feature-service/target/quarkus-app/quarkus-run.jar"),
                port, List.of(
                "-Dinspection.feature.backbone-file=" + SharedDir.trunkOnnx(),
                "-Dinspection.feature.provision-backbone=false"));
    }

    /** The packaged scoring service pointed at a feature service and a registry. */
    public static ServiceProcess scoringService(Path repoRoot, int port, int featurePort, int registryPort, Path cacheDir)
            throws IOException {
        return new ServiceProcess("scoring-service", repoRoot.resolve("scoring-service/target/quarkus-app/quarkus-run.jar"),
                port, List.of(
                "-Dinspection.scoring.feature-service=127.0.0.1:" + featurePort,
                "-Dinspection.scoring.registry=127.0.0.1:" + registryPort,
                "-Dinspection.scoring.cache-dir=" + cacheDir));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Starts the process and waits until it reports ready. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(systemProperties);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-jar");
        command.add(jar.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // Never leave a service behind when the test JVM ends without reaching close().
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, name + "-reaper"));
        awaitReady(TimeUnit.SECONDS.toNanos(120));
    }

    private void awaitReady(long timeoutNanos) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + tail());
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
        throw new IllegalStateException(name + " not ready after the timeout; log: " + tail());
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
