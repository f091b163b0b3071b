package dev.inspection.cli.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The services the main job started, stopped in reverse order on close or on Ctrl-C, so nothing
 * is left running behind the command.
 */
public final class Suite implements AutoCloseable {

    private final Path home;
    private final Path stateDir;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "suite-shutdown");

    public Suite(Path home, Path stateDir) {
        this.home = home;
        this.stateDir = stateDir;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public EmbeddedDatabase startDatabase(int port) {
        EmbeddedDatabase db = EmbeddedDatabase.start(stateDir.resolve("postgres"), port);
        started.push(db);
        return db;
    }

    /** Starts a service module's packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}). */
    public ServiceProcess startService(String module, int port, Map<String, String> properties, List<String> jvmOptions) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess service = ServiceProcess.start(module, jar, port, properties, jvmOptions,
                stateDir.resolve("logs"), Duration.ofMinutes(3));
        started.push(service);
        return service;
    }

    public Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run.
        }
    }

    private synchronized void closeQuietly() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("warning: " + e.getMessage());
            }
        }
    }
}
