package dev.inspection.cli.launch;

import dev.inspection.cli.CliException;
import dev.inspection.cli.ExitCodes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One service of the suite run as a child JVM from its packaged Quarkus jar, its output in a log
 * file, considered started once {@code /q/health/ready} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code jar} with the given system properties on {@code port} and waits until it is
     * ready or {@code timeout} passes.
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties,
                                       List<String> jvmOptions, Path logDir, Duration timeout) {
        if (!Files.isRegularFile(jar)) {
            throw new CliException(ExitCodes.MISSING, name + " is not built: " + jar
                    + " is missing (run 'mvn -DskipTests package' first)");
        }
        PortCheck.requireFree(port, name);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ServiceProcess service = new ServiceProcess(name, port, process, log);
            service.awaitReady(timeout);
            return service;
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, name + " did not start: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new CliException(ExitCodes.UNAVAILABLE, exitReport("while starting"));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new CliException(ExitCodes.FAILED, "interrupted while waiting for " + name);
            }
            sleep(250);
        }
        close();
        throw new CliException(ExitCodes.UNAVAILABLE, name + " was not ready after " + timeout.toSeconds()
                + " s; see " + log + lastLines());
    }

    /**
     * How the service ended, once it has: its exit code (above 128 for a signal, e.g. 134 for a JVM
     * crash, 137 for the OOM killer), its log and the log's last lines; empty while it runs.
     */
    public Optional<String> exitReport() {
        return process.isAlive() ? Optional.empty() : Optional.of(exitReport("while the job ran"));
    }

    private String exitReport(String when) {
        return name + " exited with code " + process.exitValue() + " " + when + "; see " + log + lastLines();
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 8), lines.size());
            return tail.isEmpty() ? "" : "\n  " + String.join("\n  ", tail);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down gracefully), then forces it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
