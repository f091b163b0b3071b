package dev.inspection.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.cli.CliException;
import dev.inspection.cli.ExitCodes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteTest {

    private static final StatusRuntimeException NETWORK_CLOSED =
            Status.UNAVAILABLE.withDescription("Network closed for unknown reason").asRuntimeException();

    @TempDir
    Path dir;

    @Test
    void aServiceThatDiedMidJobIsNamedWithItsExitCodeAndLogTail() throws Exception {
        try (Suite suite = new Suite(dir, dir, Duration.ofSeconds(5))) {
            suite.track(process("dataset-service", "sleep 60"));
            ServiceProcess crashed = process("training-service", "echo starting; echo 'SIGSEGV (0xb) at pc=0x7f'; exit 134");
            suite.track(crashed);
            awaitExit(crashed);

            RuntimeException explained = suite.explain(NETWORK_CLOSED);

            CliException cli = assertInstanceOf(CliException.class, explained);
            assertEquals(ExitCodes.UNAVAILABLE, cli.exitCode());
            String message = cli.getMessage();
            assertTrue(message.startsWith("training-service exited with code 134 while the job ran; see "
                    + dir.resolve("training-service.log")), message);
            assertTrue(message.contains("SIGSEGV (0xb)"), message);
            assertTrue(message.contains("UNAVAILABLE: Network closed for unknown reason"), message);
            assertFalse(message.contains("dataset-service"), message);
            assertSame(NETWORK_CLOSED, cli.getCause());
        }
    }

    @Test
    void aServiceThatIsStillExitingIsWaitedFor() throws Exception {
        try (Suite suite = new Suite(dir, dir, Duration.ofSeconds(5))) {
            suite.track(process("scoring-service", "sleep 0.5; exit 137"));

            RuntimeException explained = suite.explain(new CompletionException(NETWORK_CLOSED));

            assertTrue(explained.getMessage().startsWith("scoring-service exited with code 137"), explained.getMessage());
        }
    }

    @Test
    void failuresWithLivingServicesOrOfAnotherKindPassThrough() throws Exception {
        try (Suite suite = new Suite(dir, dir, Duration.ofMillis(300))) {
            suite.track(process("feature-service", "sleep 60"));
            assertSame(NETWORK_CLOSED, suite.explain(NETWORK_CLOSED));
        }
        try (Suite suite = new Suite(dir, dir, Duration.ofMillis(300))) {
            ServiceProcess crashed = process("training-service", "exit 1");
            suite.track(crashed);
            awaitExit(crashed);
            StatusRuntimeException rejected = Status.INVALID_ARGUMENT.withDescription("no masks").asRuntimeException();
            assertSame(rejected, suite.explain(rejected));
            IllegalStateException local = new IllegalStateException("report folder is not writable");
            assertSame(local, suite.explain(local));
        }
    }

    private ServiceProcess process(String name, String script) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new ServiceProcess(name, 0, process, log);
    }

    private static void awaitExit(ServiceProcess service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service.exitReport().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
