package dev.inspection.training.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged training service ({@code target/quarkus-app/quarkus-run.jar}, so tests using it run
 * under failsafe after {@code package}) as a child process on a fixed port, so that a kill and a start
 * bring it back at the same address on the same database and registry. Readiness is
 * {@code /q/health/ready}.
 */
final class TrainingServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final long READY_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

    private final int port;
    private final List<String> systemProperties;
    private final Path log;
    private Process process;

    /** @param settings {@code key=value} service settings, passed as system properties */
    TrainingServiceProcess(int port, List<String> settings, Path log) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: package the training service first "
                    + "(this test runs under failsafe, after the package phase)");
        }
        this.port = port;
        this.systemProperties = settings.stream().map(s -> "-D" + s).toList();
        this.log = log;
    }

    /** Starts the service and waits until it reports ready. */
    synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the training service is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-Dai.djl.offline=true");
        command.addAll(systemProperties);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DJL_OFFLINE", "true"); // libtorch comes from the jars, never a download
        process = builder.start();
        // Never leave a service behind when the test JVM ends without reaching close().
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "training-service-reaper"));
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("training service exited with " + process.exitValue() + "; log: "
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
            process.waitFor(200, TimeUnit.MILLISECONDS); // returns at once if the process dies
        }
        throw new IllegalStateException("training service not ready after 3 minutes; log: " + tail());
    }

    /** SIGKILL, as a crash or an OOM kill would end it: no shutdown hook of the service runs. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("training service did not die within 30 s of SIGKILL");
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
