package dev.inspection.cli.launch;

import dev.inspection.cli.CliException;
import dev.inspection.cli.ExitCodes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services the main job started, stopped in reverse order on close or on Ctrl-C, so nothing
 * is left running behind the command.
 */
public final class Suite implements AutoCloseable {

    /** A crashing JVM closes its sockets before it has exited (it writes its crash report first). */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    private final Path home;
    private final Path stateDir;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Duration exitGrace;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "suite-shutdown");

    public Suite(Path home, Path stateDir) {
        this(home, stateDir, EXIT_GRACE);
    }

    Suite(Path home, Path stateDir, Duration exitGrace) {
        this.home = home;
        this.stateDir = stateDir;
        this.exitGrace = exitGrace;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public EmbeddedDatabase startDatabase(int port) {
        EmbeddedDatabase db = EmbeddedDatabase.start(stateDir.resolve("postgres"), port);
        track(db);
        return db;
    }

    /** Starts a service module's packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}). */
    public ServiceProcess startService(String module, int port, Map<String, String> properties, List<String> jvmOptions) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess service = ServiceProcess.start(module, jar, port, properties, jvmOptions,
                stateDir.resolve("logs"), Duration.ofMinutes(3));
        track(service);
        return service;
    }

    /** Stopped with the rest on close, and (a service) watched by {@link #explain}. */
    synchronized void track(AutoCloseable startedThing) {
        started.push(startedThing);
    }

    /**
     * A call that failed with UNAVAILABLE because one of the suite's services died mid-job (a crash,
     * the OOM killer) becomes an error naming that service, its exit code and its log's tail instead
     * of a bare "network closed"; any other failure is returned as it is.
     */
    public RuntimeException explain(RuntimeException failure) {
        Optional<StatusRuntimeException> unavailable = unavailableCause(failure);
        if (unavailable.isEmpty()) {
            return failure;
        }
        long deadline = System.nanoTime() + exitGrace.toNanos();
        while (true) {
            List<String> exits = services().stream().flatMap(service -> service.exitReport().stream()).toList();
            if (!exits.isEmpty()) {
                Status status = unavailable.get().getStatus();
                return new CliException(ExitCodes.UNAVAILABLE, String.join("\n", exits) + "\n(the job's call failed with "
                        + status.getCode() + ": " + status.getDescription() + ")", failure);
            }
            if (System.nanoTime() >= deadline || !pause()) {
                return failure;
            }
        }
    }

    private static Optional<StatusRuntimeException> unavailableCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                return Optional.of(sre);
            }
        }
        return Optional.empty();
    }

    private synchronized List<ServiceProcess> services() {
        return started.stream().filter(ServiceProcess.class::isInstance).map(ServiceProcess.class::cast).toList();
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
