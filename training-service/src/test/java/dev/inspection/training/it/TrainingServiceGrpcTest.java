package dev.inspection.training.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.common.v1.PageRequest;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.training.v1.ActivateVersionRequest;
import dev.inspection.api.training.v1.ArtifactChunk;
import dev.inspection.api.training.v1.CancelJobRequest;
import dev.inspection.api.training.v1.DownloadArtifactRequest;
import dev.inspection.api.training.v1.EvaluateVersionRequest;
import dev.inspection.api.training.v1.GetJobRequest;
import dev.inspection.api.training.v1.GetVersionRequest;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.api.training.v1.ListJobsRequest;
import dev.inspection.api.training.v1.ListModelsRequest;
import dev.inspection.api.training.v1.ListVersionsRequest;
import dev.inspection.api.training.v1.ModelRegistryGrpc;
import dev.inspection.api.training.v1.StartJobRequest;
import dev.inspection.api.training.v1.TrainingJob;
import dev.inspection.api.training.v1.TrainingServiceGrpc;
import dev.inspection.api.training.v1.WatchJobRequest;
import dev.inspection.core.digest.Sha256;
import dev.inspection.training.jobs.JobManager;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.JobStore;
import dev.inspection.training.jobs.NewJob;
import dev.inspection.api.testing.ServerReflectionCheck;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * The service over real sockets with real grpc-java clients, real PostgreSQL, and in-test gRPC servers
 * for its dependencies backed by real bottle images and real backbone features (64x64 input so the
 * whole class stays fast; the jobs train a few steps).
 */
@QuarkusTest
@QuarkusTestResource(value = TestEnvironment.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingServiceGrpcTest {

    private static final String MODEL = "bottle-simplenet";
    /** 64x64 network input: an 8x8 patch grid, quick on a CPU. */
    private static final Preprocessing SMALL = Preprocessing.newBuilder().setResizeSize(74).setCropSize(64).build();
    private static final Map<String, String> FEW_STEPS = Map.of("steps", "3", "patches_per_step", "64",
            "noise_sample_rows", "256");

    private static String firstSnapshotId;

    @TestHTTPResource
    URL url;

    private ManagedChannel channel;
    private TrainingServiceGrpc.TrainingServiceBlockingStub jobs;
    private ModelRegistryGrpc.ModelRegistryBlockingStub registry;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        jobs = TrainingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.MINUTES);
        registry = ModelRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.MINUTES);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static StartJobRequest.Builder request() {
        return StartJobRequest.newBuilder().setModelName(MODEL).setMethod(Method.SIMPLENET)
                .setDatasetId(FakeDatasetService.DATASET_ID).setPreset("cpu").putAllOverrides(FEW_STEPS).setSeed(3)
                .setPreprocessing(SMALL);
    }

    private List<JobEvent> watchToEnd(String jobId) {
        Iterator<JobEvent> stream = jobs.watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
        List<JobEvent> events = new ArrayList<>();
        stream.forEachRemaining(events::add);
        return events;
    }

    @Test
    @Order(1)
    void shortJobStreamsProgressSucceedsAndRegistersVersionOne() throws Exception {
        TrainingJob started = jobs.startJob(request().setActivate(true).build());
        assertEquals(JobState.QUEUED, started.getState());
        assertEquals("cpu", started.getPreset());
        assertEquals("3", started.getConfigMap().get("steps"));
        assertEquals("3", started.getConfigMap().get("seed"));

        List<JobEvent> events = watchToEnd(started.getId());
        JobEvent last = events.get(events.size() - 1);
        assertEquals(JobState.SUCCEEDED, last.getState(), last.toString());
        Set<JobPhase> phases = events.stream().map(JobEvent::getPhase).collect(Collectors.toSet());
        assertTrue(phases.containsAll(List.of(JobPhase.FEATURES, JobPhase.TRAINING, JobPhase.CALIBRATION,
                JobPhase.EVALUATION, JobPhase.REGISTRATION)), phases.toString());
        JobEvent step = events.stream().filter(e -> e.getStep() == 3).findFirst().orElseThrow();
        assertEquals(3, step.getSteps());
        assertTrue(Double.isFinite(step.getLoss()) && step.getMeanDNormal() != 0, step.toString());

        TrainingJob done = jobs.getJob(GetJobRequest.newBuilder().setJobId(started.getId()).build());
        assertEquals(JobState.SUCCEEDED, done.getState());
        assertEquals(1, done.getRegisteredVersion());
        assertFalse(done.getSnapshotId().isEmpty());
        assertTrue(done.hasFinishedAt());
        firstSnapshotId = done.getSnapshotId();

        ModelVersion version = registry.getVersion(GetVersionRequest.newBuilder().setModelName(MODEL).build());
        assertEquals(1, version.getVersion(), "version 0 asks for the active one");
        assertTrue(version.getActive());
        ModelManifest m = version.getManifest();
        assertEquals(Method.SIMPLENET, m.getMethod());
        assertEquals(TestEnvironment.features.sha256(), m.getBackbone().getSha256());
        assertEquals(List.of("layer2", "layer3"), m.getBackbone().getLayersList());
        assertEquals(64, m.getPreprocessing().getCropSize());
        assertEquals(List.of(1536), m.getEmbeddingDimsList());
        assertEquals(8, m.getGridHeight());
        assertEquals(64, m.getPostProcessing().getMapSize());
        assertEquals(4.0, m.getPostProcessing().getBlurSigma());
        assertFalse(m.getPostProcessing().getAlignCorners());
        assertEquals(2, m.getCalibration().getImages(), "2 of 5 train normals held out");
        assertTrue(m.getCalibration().getConstantsMap().containsKey("noise_std"));
        assertEquals(4, m.getMetrics().getImages());
        assertEquals(2, m.getMetrics().getAnomalousImages());
        assertTrue(m.getMetrics().getPerDefectTypeMap().containsKey("broken_large"));
        assertTrue(m.getMetrics().getPixelAuroc() > 0 && m.getMetrics().getPixelAuroc() <= 1);
        assertEquals(started.getId(), m.getJobId());
        assertEquals(firstSnapshotId, m.getSnapshotId());
        assertEquals("3", m.getTrainingConfigMap().get("steps"));
        assertEquals(3, m.getSeed());

        ModelArtifact head = m.getArtifacts(0);
        assertEquals("head", head.getRole());
        byte[] onnx = download(MODEL, 1, head.getFile());
        assertEquals(head.getSha256(), Sha256.hex(onnx));
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx)) {
            assertEquals(Set.copyOf(head.getInputsList()), session.getInputNames());
            assertEquals(Set.copyOf(head.getOutputsList()), session.getOutputNames());
        }
        ModelManifest.Builder onDisk = ModelManifest.newBuilder();
        JsonFormat.parser().merge(new String(download(MODEL, 1, "manifest.json"), StandardCharsets.UTF_8), onDisk);
        assertEquals(m, onDisk.build());
    }

    private byte[] download(String model, int version, String file) {
        Iterator<ArtifactChunk> chunks = registry.downloadArtifact(DownloadArtifactRequest.newBuilder()
                .setModelName(model).setVersion(version).setFile(file).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long total = -1;
        while (chunks.hasNext()) {
            ArtifactChunk chunk = chunks.next();
            if (total < 0) {
                total = chunk.getTotalSize();
            }
            out.writeBytes(chunk.getData().toByteArray());
        }
        assertEquals(total, out.size(), "total_size on the first chunk");
        return out.toByteArray();
    }

    @Test
    @Order(2)
    void secondJobOnTheSameSnapshotRegistersVersionTwoFromCachedFeatures() {
        int extractedBefore = TestEnvironment.features.extracted.get();
        TrainingJob started = jobs.startJob(request().setSnapshotId(firstSnapshotId).setSeed(4).build());
        List<JobEvent> events = watchToEnd(started.getId());
        assertEquals(JobState.SUCCEEDED, events.get(events.size() - 1).getState());
        assertEquals(2, jobs.getJob(GetJobRequest.newBuilder().setJobId(started.getId()).build()).getRegisteredVersion());
        assertEquals(extractedBefore, TestEnvironment.features.extracted.get(), "features came from the cache");
        List<ModelVersion> versions = registry.listVersions(ListVersionsRequest.newBuilder().setModelName(MODEL).build())
                .getVersionsList();
        assertEquals(List.of(2, 1), versions.stream().map(ModelVersion::getVersion).toList());
        assertEquals(1, registry.getVersion(GetVersionRequest.newBuilder().setModelName(MODEL).build()).getVersion(),
                "the second job did not ask to activate");
        var summary = registry.listModels(ListModelsRequest.getDefaultInstance()).getModels(0);
        assertEquals(2, summary.getLatestVersion());
        assertEquals(1, summary.getActiveVersion());
        var firstPage = jobs.listJobs(ListJobsRequest.newBuilder().setState(JobState.SUCCEEDED)
                .setPage(PageRequest.newBuilder().setPageSize(1)).build());
        assertEquals(2, firstPage.getPage().getTotalSize());
        assertEquals(started.getId(), firstPage.getJobs(0).getId(), "newest first");
        var secondPage = jobs.listJobs(ListJobsRequest.newBuilder().setState(JobState.SUCCEEDED)
                .setPage(PageRequest.newBuilder().setPageSize(1).setPageToken(firstPage.getPage().getNextPageToken()))
                .build());
        assertEquals(1, secondPage.getJobsCount());
        assertEquals("", secondPage.getPage().getNextPageToken());
        assertStatus(Status.Code.INVALID_ARGUMENT, "page_token", () -> jobs.listJobs(ListJobsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageToken("abc")).build()));

        ModelVersion activated = registry.activateVersion(ActivateVersionRequest.newBuilder().setModelName(MODEL)
                .setVersion(2).build());
        assertTrue(activated.getActive());
        assertEquals(2, registry.getVersion(GetVersionRequest.newBuilder().setModelName(MODEL).build()).getVersion());
        registry.activateVersion(ActivateVersionRequest.newBuilder().setModelName(MODEL).setVersion(1).build());
        assertFalse(registry.getVersion(GetVersionRequest.newBuilder().setModelName(MODEL).setVersion(2).build())
                .getActive());
    }

    @Test
    @Order(3)
    void cancellingMidTrainingRegistersNothing() {
        TrainingJob started = jobs.startJob(request().setSnapshotId(firstSnapshotId)
                .putOverrides("steps", "1000000").build());
        Iterator<JobEvent> stream = jobs.watchJob(WatchJobRequest.newBuilder().setJobId(started.getId()).build());
        JobEvent event;
        do {
            event = stream.next();
        } while (!(event.getPhase() == JobPhase.TRAINING && event.getStep() > 0));
        TrainingJob cancelled = jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(started.getId()).build());
        assertEquals(JobState.CANCELLED, cancelled.getState());
        assertEquals(0, cancelled.getRegisteredVersion());
        JobEvent last = event;
        while (stream.hasNext()) {
            last = stream.next();
        }
        assertEquals(JobState.CANCELLED, last.getState());
        assertEquals(2, registry.listVersions(ListVersionsRequest.newBuilder().setModelName(MODEL).build())
                .getVersionsCount());
        assertStatus(Status.Code.FAILED_PRECONDITION, "already ended",
                () -> jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(started.getId()).build()));
    }

    @Test
    @Order(4)
    void badRequestsAreInvalidArgumentNamingTheProblem() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "learningSpeed",
                () -> jobs.startJob(request().putOverrides("learning_speed", "2").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "steps",
                () -> jobs.startJob(request().putOverrides("steps", "-4").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "preset",
                () -> jobs.startJob(request().setPreset("fast").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "model_name",
                () -> jobs.startJob(request().setModelName("../x").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "method",
                () -> jobs.startJob(request().setMethod(Method.METHOD_UNSPECIFIED).build()));
    }

    @Test
    @Order(5)
    void unknownIdsAreNotFound() {
        String unknown = UUID.randomUUID().toString();
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> jobs.getJob(GetJobRequest.newBuilder().setJobId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, unknown,
                () -> jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, unknown,
                () -> jobs.watchJob(WatchJobRequest.newBuilder().setJobId(unknown).build()).next());
        assertStatus(Status.Code.NOT_FOUND, "no-such-model",
                () -> registry.listVersions(ListVersionsRequest.newBuilder().setModelName("no-such-model").build()));
        assertStatus(Status.Code.NOT_FOUND, "version 9",
                () -> registry.getVersion(GetVersionRequest.newBuilder().setModelName(MODEL).setVersion(9).build()));
        assertStatus(Status.Code.NOT_FOUND, "other.onnx", () -> download(MODEL, 1, "other.onnx"));
        TrainingJob job = jobs.startJob(request().setSnapshotId(unknown).build());
        List<JobEvent> events = watchToEnd(job.getId());
        assertEquals(JobState.FAILED, events.get(events.size() - 1).getState());
        assertTrue(jobs.getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build()).getError().contains("NOT_FOUND"));
    }

    @Test
    @Order(6)
    void featureServiceDownFailsTheJobWithUnavailable() throws Exception {
        TestEnvironment.stopFeatureServer();
        try {
            TrainingJob job = jobs.startJob(request().setSnapshotId(firstSnapshotId).build());
            List<JobEvent> events = watchToEnd(job.getId());
            assertEquals(JobState.FAILED, events.get(events.size() - 1).getState());
            String error = jobs.getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build()).getError();
            assertTrue(error.startsWith("UNAVAILABLE: feature service at localhost:"), error);
        } finally {
            TestEnvironment.startFeatureServer();
        }
        assertEquals(2, registry.listVersions(ListVersionsRequest.newBuilder().setModelName(MODEL).build())
                .getVersionsCount());
    }

    @Test
    @Order(7)
    void evaluateVersionScoresTheTestSplitAndStoresTheMetrics() {
        Metrics metrics = registry.evaluateVersion(EvaluateVersionRequest.newBuilder().setModelName(MODEL).setVersion(1)
                .build());
        assertEquals(4, metrics.getImages());
        assertEquals(firstSnapshotId, metrics.getSnapshotId());
        ModelVersion v1 = registry.getVersion(GetVersionRequest.newBuilder().setModelName(MODEL).setVersion(1).build());
        assertEquals(metrics, v1.getManifest().getMetrics());
    }

    @Inject
    JobStore store;
    @Inject
    JobManager manager;

    @Test
    @Order(8)
    void restartRecoveryFailsARunningRowInTheDatabase() {
        // A row as a killed process leaves it: RUNNING in the TRAINING phase.
        JobRecord orphan = store.create(new NewJob(MODEL, Method.SIMPLENET, FakeDatasetService.DATASET_ID, "", "cpu",
                new TreeMap<>(Map.of("seed", "1")), null, "", false, 1), Instant.now());
        store.transition(orphan.id(), JobState.RUNNING, Instant.now(), null, 0);
        store.updatePhase(orphan.id(), JobPhase.TRAINING);

        assertTrue(manager.recoverAfterRestart().contains(orphan.id()));
        TrainingJob after = jobs.getJob(GetJobRequest.newBuilder().setJobId(orphan.id()).build());
        assertEquals(JobState.FAILED, after.getState());
        assertEquals("interrupted by a restart", after.getError());
        assertEquals(0, after.getRegisteredVersion());
        assertTrue(after.hasFinishedAt());
        List<JobEvent> events = watchToEnd(orphan.id());
        assertEquals(1, events.size(), "a job that ended before this process replays one final event");
        assertEquals(JobState.FAILED, events.get(0).getState());
        assertEquals(2, registry.listVersions(ListVersionsRequest.newBuilder().setModelName(MODEL).build())
                .getVersionsCount());
    }

    @Test
    @Order(10)
    void serverReflectionListsTheJobsRegistryAndHealthServices() {
        ServerReflectionCheck.assertListsEveryService(channel,
                List.of(TrainingServiceGrpc.SERVICE_NAME, ModelRegistryGrpc.SERVICE_NAME));
    }

    /** A BGAD version small enough for this class: 64-pixel input, tiny flows, one known anomaly. */
    private static final Map<String, String> TINY_BGAD = Map.ofEntries(Map.entry("input_size", "64"),
            Map.entry("reduced_channels", "8,8,16"), Map.entry("coupling_blocks", "2"), Map.entry("positional_dim", "16"),
            Map.entry("steps", "20"), Map.entry("rows_per_chunk", "128"), Map.entry("images_per_step", "2"),
            Map.entry("known_anomalies", "1"), Map.entry("pseudo_per_known", "2"), Map.entry("pseudo_entries", "2"),
            Map.entry("reference_images", "3"), Map.entry("statistics_images", "3"),
            Map.entry("validation_fraction", "0.4"));

    @Test
    @Order(9)
    void evaluateVersionOfABgadVersionReproducesTheMetricsTheJobRegistered() {
        String model = "bottle-bgad";
        TrainingJob started = jobs.startJob(StartJobRequest.newBuilder().setModelName(model).setMethod(Method.BGAD)
                .setDatasetId(FakeDatasetService.DATASET_ID).setSnapshotId(firstSnapshotId).setPreset("cpu")
                .putAllOverrides(TINY_BGAD).setSeed(5).build());
        List<JobEvent> events = watchToEnd(started.getId());
        JobEvent last = events.get(events.size() - 1);
        assertEquals(JobState.SUCCEEDED, last.getState(), last.toString());
        ModelManifest registered = registry.getVersion(GetVersionRequest.newBuilder().setModelName(model).setVersion(1)
                .build()).getManifest();
        assertEquals(Method.BGAD, registered.getMethod());
        assertEquals(1, registered.getKnownAnomalyImageIdsCount());
        assertEquals(3, registered.getMetrics().getImages(), "4 test images minus the known anomaly");

        Metrics evaluated = registry.evaluateVersion(EvaluateVersionRequest.newBuilder().setModelName(model)
                .setVersion(1).build());
        // The job's EVALUATION phase and EvaluateVersion share one scoring path on the same files.
        assertEquals(registered.getMetrics(), evaluated);
        assertEquals(1, evaluated.getAnomalousImages());
        assertEquals(evaluated, registry.getVersion(GetVersionRequest.newBuilder().setModelName(model).setVersion(1)
                .build()).getManifest().getMetrics(), "the evaluation is stored");
    }

    private static void assertStatus(Status.Code code, String fragment, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        String description = e.getStatus().getDescription();
        assertTrue(description != null && description.contains(fragment), "expected '" + fragment + "' in: " + description);
    }
}
