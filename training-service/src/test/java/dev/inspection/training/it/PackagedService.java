package dev.inspection.training.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus service of the suite ({@code target/quarkus-app/quarkus-run.jar}) as a child
 * process on a fixed port, so that a kill and a start bring it back at the same address (and, for the
 * training service, on the same database and registry). Tests using the training service's own jar
 * run under failsafe, after {@code package}. Readiness is {@code /q/health/ready}.
 */
final class PackagedService implements AutoCloseable {

    private static final long READY_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

    private final String name;
    private final Path jar;
    private final int port;
    private final String maxHeap;
    private final List<String> systemProperties;
    private final Path log;
    private Process process;

    /**
     * @param maxHeap  the -Xmx value, e.g. "768m"
     * @param settings {@code key=value} service settings, passed as system properties
     */
    private PackagedService(String name, Path jar, int port, String maxHeap, List<String> settings, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package " + name + " first "
                    + "(tests of the training service's own jar run under failsafe, after the package phase)");
        }
        this.name = name;
        this.jar = jar.toAbsolutePath();
        this.port = port;
        this.maxHeap = maxHeap;
        this.systemProperties = settings.stream().map(s -> "-D" + s).toList();
        this.log = log;
    }

    /** This module's packaged training service. */
    static PackagedService trainingService(int port, String maxHeap, List<String> settings, Path log) {
        return new PackagedService("training-service", Path.of("target/quarkus-app/quarkus-run.jar"), port, maxHeap,
                settings, log);
    }

    /** The sibling module's packaged feature service on the shared backbone (no provisioning). */
    static PackagedService featureService(int port, Path trunk, Path log) {
        return new PackagedService("feature-service", Path.of("../feature-service/target/quarkus-app/quarkus-run.jar"),
                port, "1g", List.of("inspection.feature.backbone-file=" + trunk,
                "inspection.feature.provision-backbone=false"), log);
    }

    /** CPU time the process has used so far (all threads), zero when it is not running. */
    Duration cpuTime() {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Starts the service and waits until it reports ready. */
    synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-Dai.djl.offline=true");
        command.addAll(systemProperties);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DJL_OFFLINE", "true"); // libtorch comes from the jars, never a download
        process = builder.start();
        // Never leave a service behind when the test JVM ends without reaching close().
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, name + "-reaper"));
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
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
            process.waitFor(200, TimeUnit.MILLISECONDS); // returns at once if the process dies
        }
        throw new IllegalStateException(name + " not ready after 3 minutes; log: " + tail());
    }

    /** SIGKILL, as a crash or an OOM kill would end it: no shutdown hook of the service runs. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
            }
        }
    }

    String tail() throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
