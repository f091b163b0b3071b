package dev.inspection.training.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.training.v1.GetJobRequest;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.api.training.v1.ListVersionsRequest;
import dev.inspection.api.training.v1.ModelRegistryGrpc;
import dev.inspection.api.training.v1.StartJobRequest;
import dev.inspection.api.training.v1.TrainingJob;
import dev.inspection.api.training.v1.TrainingServiceGrpc;
import dev.inspection.api.training.v1.WatchJobRequest;
import dev.inspection.training.jobs.JobManager;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing the service mid-job leaves no registered partial version. The packaged service runs as a
 * child process on an embedded PostgreSQL with in-test dataset and feature servers (real bottle
 * files, real backbone at 64x64); a job is SIGKILLed while it trains, the service is started again
 * on the same database and registry folder, and the job must be FAILED with nothing of it
 * registered, after which a new job registers version 1 normally.
 */
class TrainingServiceKillIT {

    private static final String MODEL = "killed-simplenet";
    private static final Preprocessing SMALL = Preprocessing.newBuilder().setResizeSize(74).setCropSize(64).build();
    /** So many steps that the job is surely still training when the kill lands (the kill waits for step 1). */
    private static final Map<String, String> ENDLESS = Map.of("steps", "10000000", "patches_per_step", "64",
            "noise_sample_rows", "256");
    private static final Map<String, String> FEW_STEPS = Map.of("steps", "3", "patches_per_step", "64",
            "noise_sample_rows", "256");

    @TempDir
    static Path dir;

    /** The same PostgreSQL and dependency servers as the in-process gRPC test. */
    private static final TestEnvironment ENVIRONMENT = new TestEnvironment();
    private static Map<String, String> dependencies;

    @BeforeAll
    static void dependencies() {
        dependencies = ENVIRONMENT.start();
    }

    @AfterAll
    static void stopDependencies() {
        ENVIRONMENT.stop();
    }

    @Test
    void aJobKilledWhileTrainingEndsFailedAndRegistersNothing() throws Exception {
        int port = freePort();
        Path registry = dir.resolve("models");
        Path modelFolder = registry.resolve(MODEL);
        List<String> settings = new ArrayList<>();
        dependencies.forEach((key, value) -> settings.add(key + "=" + value));
        settings.add("inspection.training.registry-dir=" + registry);
        settings.add("inspection.training.feature-cache-dir=" + dir.resolve("feature-cache"));
        try (PackagedService service = PackagedService.trainingService(port, "768m", settings,
                dir.resolve("service.log"))) {
            service.start();
            String killedJob;
            ManagedChannel channel = channel(port);
            try {
                TrainingServiceGrpc.TrainingServiceBlockingStub jobs = TrainingServiceGrpc.newBlockingStub(channel);
                killedJob = jobs.withDeadlineAfter(1, TimeUnit.MINUTES).startJob(request(ENDLESS)).getId();
                awaitTrainingStep(jobs, killedJob, service);
                service.kill();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            // What a kill inside REGISTRATION would leave: a half-written temp folder, and a folder renamed into
            // place whose database row was never committed. Start-up recovery must remove both.
            Files.createDirectories(modelFolder.resolve(".tmp-publish-killed"));
            Files.writeString(modelFolder.resolve(".tmp-publish-killed/head.onnx"), "partial");
            Files.createDirectories(modelFolder.resolve("1"));
            Files.writeString(modelFolder.resolve("1/manifest.json"), "{}");

            service.start();
            channel = channel(port);
            try {
                // Deadlines are set per call: a stub's deadline is absolute from when it was made.
                TrainingServiceGrpc.TrainingServiceBlockingStub jobs = TrainingServiceGrpc.newBlockingStub(channel);
                ModelRegistryGrpc.ModelRegistryBlockingStub versions = ModelRegistryGrpc.newBlockingStub(channel);
                TrainingJob killed = jobs.withDeadlineAfter(1, TimeUnit.MINUTES)
                        .getJob(GetJobRequest.newBuilder().setJobId(killedJob).build());
                assertEquals(JobState.FAILED, killed.getState(), killed.toString());
                assertTrue(killed.getError().contains(JobManager.RESTART_ERROR), killed.getError());
                assertEquals(0, killed.getRegisteredVersion());
                StatusRuntimeException noVersion = assertThrows(StatusRuntimeException.class, () -> versions
                        .withDeadlineAfter(1, TimeUnit.MINUTES)
                        .listVersions(ListVersionsRequest.newBuilder().setModelName(MODEL).build()));
                assertEquals(Status.Code.NOT_FOUND, noVersion.getStatus().getCode(), "no version row of the model");
                assertEquals(List.of(), entries(modelFolder), "no version folder and no .tmp-* leftovers");
                assertEquals(List.of(), tempLeftovers(registry), "no .tmp-* anywhere in the registry");

                String next = jobs.withDeadlineAfter(1, TimeUnit.MINUTES).startJob(request(FEW_STEPS)).getId();
                JobEvent last = lastEvent(jobs, next);
                assertEquals(JobState.SUCCEEDED, last.getState(), last + "\nservice log:\n" + service.tail());
                TrainingJob done = jobs.withDeadlineAfter(1, TimeUnit.MINUTES)
                        .getJob(GetJobRequest.newBuilder().setJobId(next).build());
                assertEquals(1, done.getRegisteredVersion(), "the version number of the killed job was never taken");
                assertEquals(1, versions.withDeadlineAfter(1, TimeUnit.MINUTES)
                        .listVersions(ListVersionsRequest.newBuilder().setModelName(MODEL).build()).getVersionsCount());
                assertEquals(List.of("1"), entries(modelFolder));
                assertTrue(Files.isRegularFile(modelFolder.resolve("1/head.onnx")));
                assertTrue(Files.isRegularFile(modelFolder.resolve("1/manifest.json")));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static StartJobRequest request(Map<String, String> overrides) {
        return StartJobRequest.newBuilder().setModelName(MODEL).setMethod(Method.SIMPLENET)
                .setDatasetId(FakeDatasetService.DATASET_ID).setPreset("cpu").putAllOverrides(overrides).setSeed(5)
                .setPreprocessing(SMALL).build();
    }

    /** Follows the job's events until it has finished a training step (a job that ends first fails the test). */
    private static void awaitTrainingStep(TrainingServiceGrpc.TrainingServiceBlockingStub jobs, String jobId,
                                          PackagedService service) throws IOException {
        Iterator<JobEvent> events = jobs.withDeadlineAfter(3, TimeUnit.MINUTES)
                .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
        while (events.hasNext()) {
            JobEvent event = events.next();
            if (event.getPhase() == JobPhase.TRAINING && event.getStep() >= 1) {
                return;
            }
        }
        throw new AssertionError("job " + jobId + " ended before its first training step; service log:\n"
                + service.tail());
    }

    private static JobEvent lastEvent(TrainingServiceGrpc.TrainingServiceBlockingStub jobs, String jobId) {
        Iterator<JobEvent> events = jobs.withDeadlineAfter(5, TimeUnit.MINUTES)
                .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
        JobEvent last = null;
        while (events.hasNext()) {
            last = events.next();
        }
        if (last == null) {
            throw new AssertionError("no event for job " + jobId);
        }
        return last;
    }

    private static List<String> entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> tempLeftovers(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(64 << 20)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
