package dev.inspection.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged CLI ({@code cli/target/inspection-cli.jar}) run as a child process, as a user runs it. */
final class CliProcess implements AutoCloseable {
    /** Put on the line queue when the process's output ends. */
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private CliProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println("[cli] " + line);
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output unreadable: " + e + ")");
            } finally {
                lines.add(END);
            }
        }, "cli-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar(Path home) {
        Path jar = home.resolve("cli/target/inspection-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn verify' from the root (the e2e module runs after cli is packaged)");
        }
        return jar;
    }

    /** Starts {@code java -jar inspection-cli.jar args...} in {@code home}, stderr merged into stdout. */
    static CliProcess start(Path home, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar(home).toString());
        command.addAll(args);
        return new CliProcess(new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start());
    }

    /**
     * Waits for the first output line that {@code wanted} accepts and returns it; fails with the output
     * so far when the process ends first or {@code timeoutMinutes} pass.
     */
    String awaitLine(Predicate<String> wanted, long timeoutMinutes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || END.equals(line)) {
                throw new AssertionError((line == null ? "timed out" : "the CLI ended") + " before the expected line; output:\n"
                        + String.join("\n", seen));
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Waits for the process to end and returns its exit code; the output is in {@link #output()}. */
    int awaitExit(long timeoutMinutes) throws InterruptedException {
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not end within " + timeoutMinutes + " min; output:\n" + String.join("\n", seen));
        }
        for (String line; (line = lines.poll(1, TimeUnit.MINUTES)) != null && !END.equals(line); ) {
            seen.add(line);
        }
        return process.exitValue();
    }

    List<String> output() {
        return List.copyOf(seen);
    }

    /** SIGTERM: the CLI's shutdown hook stops the services and the database. */
    int stop(long timeoutMinutes) throws InterruptedException {
        process.destroy();
        return awaitExit(timeoutMinutes);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
