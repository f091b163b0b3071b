package dev.inspection.scoring.it;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractRequest;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.ListBackbonesRequest;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.inference.GRPCInferenceServiceGrpc;
import dev.inspection.api.inference.InferParameter;
import dev.inspection.api.inference.InferTensorContents;
import dev.inspection.api.inference.ModelInferRequest;
import dev.inspection.api.inference.ModelInferResponse;
import dev.inspection.api.inference.ModelMetadataRequest;
import dev.inspection.api.inference.ModelReadyRequest;
import dev.inspection.api.inference.ServerLiveRequest;
import dev.inspection.api.inference.ServerReadyRequest;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.scoring.v1.ActivateVersionRequest;
import dev.inspection.api.scoring.v1.DefectRegion;
import dev.inspection.api.scoring.v1.ListServedModelsRequest;
import dev.inspection.api.scoring.v1.ScoreBatchRequest;
import dev.inspection.api.scoring.v1.ScoreBatchResponse;
import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.api.scoring.v1.ScoreRequest;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.ScoringServiceGrpc;
import dev.inspection.api.scoring.v1.ServedModel;
import dev.inspection.api.scoring.v1.UnloadVersionRequest;
import dev.inspection.api.scoring.v1.Verdict;
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.core.postprocess.ScoreCalibration;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.scoring.testing.ServiceProcess;
import dev.inspection.scoring.testing.PeerPorts;
import dev.inspection.scoring.testing.SharedDir;
import dev.inspection.scoring.testing.SimpleNetHeads;
import dev.inspection.scoring.testing.TestRegistry;
import dev.inspection.scoring.testing.TestVersions;
import dev.inspection.api.testing.ServerReflectionCheck;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoring service over real sockets with real grpc-java clients, the real feature service as a
 * child process and an in-test model registry serving SimpleNet heads written with the core ONNX
 * writer.
 */
@QuarkusTest
@QuarkusTestResource(value = PeerPorts.class, restrictToAnnotatedClass = true)
class ScoringServiceIntegrationTest {

    private static final String MODEL = "bottle-simplenet";
    /** Versions: 1 and 2 good (different weights); 3 a corrupt head; 4 another backbone; 5 a checksum mismatch. */
    private static final int GOOD = 1;
    private static final int OTHER_GOOD = 2;
    private static final int CORRUPT = 3;
    private static final int WRONG_BACKBONE = 4;
    private static final int WRONG_SHA = 5;

    private static ServiceProcess featureService;
    private static TestRegistry registry;
    private static ManagedChannel featureChannel;
    private static byte[] bottle;
    private static byte[] goodBottle;
    private static TestVersions.Built version1;
    private static ExtractResponse bottleFeatures;

    @TestHTTPResource("/")
    URL base;

    private ManagedChannel channel;
    private ScoringServiceGrpc.ScoringServiceBlockingStub scoring;

    @BeforeAll
    static void startPeers() throws Exception {
        featureService = ServiceProcess.featureService(Path.of(".."), PeerPorts.port(PeerPorts.FEATURE_PORT));
        featureService.start();
        registry = new TestRegistry(PeerPorts.port(PeerPorts.REGISTRY_PORT));
        featureChannel = ManagedChannelBuilder.forAddress("127.0.0.1", featureService.port()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        bottle = Files.readAllBytes(SharedDir.bottle("test", "broken_large", "000.png"));
        goodBottle = Files.readAllBytes(SharedDir.bottle("test", "good", "000.png"));
        BackboneInfo backbone = FeatureServiceGrpc.newBlockingStub(featureChannel)
                .listBackbones(ListBackbonesRequest.getDefaultInstance()).getBackbones(0);
        bottleFeatures = extract(bottle);

        byte[] head1 = head(1);
        // Calibrate version 1 on the test image itself so that the mask and regions are not empty.
        float[] grid = runHead(head1, bottleFeatures);
        float[] rawMap = new float[288 * 288];
        double raw = new AnomalyMapPipeline(PostProcessingConfig.simpleNet(288), 36, 36)
                .computeMap(grid, rawMap, new AnomalyMapPipeline.Workspace());
        float[] sorted = rawMap.clone();
        Arrays.sort(sorted);
        double pixelThreshold = sorted[(int) (sorted.length * 0.9)];
        double pixelScale = Math.max(1e-3, (sorted[sorted.length - 1] - sorted[0]) / 2);
        Calibration calibration = TestVersions.calibration(raw - 0.1, 1.0, pixelThreshold, pixelScale);

        version1 = TestVersions.simpleNet(MODEL, GOOD, head1, backbone.getId(), backbone.getSha256(), calibration);
        registry.register(version1.manifest(), version1.files(), true);
        var v2 = TestVersions.simpleNet(MODEL, OTHER_GOOD, head(2), backbone.getId(), backbone.getSha256(), calibration);
        registry.register(v2.manifest(), v2.files(), false);
        byte[] corrupt = Arrays.copyOf(head1, 4096);
        var v3 = TestVersions.simpleNet(MODEL, CORRUPT, corrupt, backbone.getId(), backbone.getSha256(), calibration);
        registry.register(v3.manifest(), v3.files(), false);
        var v4 = TestVersions.simpleNet(MODEL, WRONG_BACKBONE, head1, backbone.getId(), "ab".repeat(32), calibration);
        registry.register(v4.manifest(), v4.files(), false);
        var v5 = TestVersions.simpleNet(MODEL, WRONG_SHA, head1, "cd".repeat(32), backbone.getId(),
                backbone.getSha256(), calibration);
        registry.register(v5.manifest(), v5.files(), false);
    }

    @AfterAll
    static void stopPeers() throws Exception {
        if (featureChannel != null) {
            featureChannel.shutdownNow();
        }
        if (registry != null) {
            registry.close();
        }
        if (featureService != null) {
            featureService.close();
        }
    }

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        scoring = ScoringServiceGrpc.newBlockingStub(channel);
        activate(GOOD);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] head(long seed) {
        return SimpleNetHeads.onnx(SimpleNetHeads.weights(seed, SimpleNetHeads.EMBED_DIM, SimpleNetHeads.HIDDEN),
                SimpleNetHeads.EMBED_DIM, SimpleNetHeads.HIDDEN);
    }

    private static ExtractResponse extract(byte[] image) {
        return FeatureServiceGrpc.newBlockingStub(featureChannel).extract(ExtractRequest.newBuilder()
                .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(image)))
                .setOptions(ExtractOptions.newBuilder().setOutput(OutputKind.PATCH_EMBEDDINGS).setDtype(DType.FLOAT32)
                        .setPreprocessing(Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_CENTER_CROP)
                                .setResizeSize(329).setCropSize(288)))
                .build());
    }

    /** The head run directly with ONNX Runtime, as training-time evaluation runs it. */
    private static float[] runHead(byte[] head, ExtractResponse features) throws Exception {
        float[] embeddings = LittleEndian.toFloats(features.getFeatures(0).getTensor().getData().toByteArray());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(head, options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(embeddings), new long[] {1296, 1536});
                 OrtSession.Result result = session.run(Map.of("embeddings", input))) {
                FloatBuffer scores = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] out = new float[scores.remaining()];
                scores.get(out);
                return out;
            }
        }
    }

    private ServedModel activate(int version) {
        return scoring.activateVersion(ActivateVersionRequest.newBuilder().setModelName(MODEL).setVersion(version).build());
    }

    private static ScoreRequest request(String id, byte[] image, int version, ScoreOptions options) {
        return ScoreRequest.newBuilder().setRequestId(id).setModelName(MODEL).setVersion(version)
                .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(image)).setName(id))
                .setOptions(options).build();
    }

    private static ScoreOptions allOutputs() {
        return ScoreOptions.newBuilder().setHeatmapPng(true).setOverlayPng(true).setMapFloat16(true).setMaskPng(true)
                .setRegions(true).setMinRegionArea(0).build();
    }

    private static BufferedImage png(ByteString bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertTrue(image != null, "not a decodable PNG");
        return image;
    }

    private static StatusRuntimeException assertStatus(Status.Code code, String fragment, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.contains(fragment), "'" + description + "' should mention '" + fragment + "'");
        return e;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void serverReflectionListsTheScoringServiceOipAndHealth() {
        ServerReflectionCheck.assertListsEveryService(channel,
                List.of(ScoringServiceGrpc.SERVICE_NAME, GRPCInferenceServiceGrpc.SERVICE_NAME));
    }

    @Test
    void scoresABottleImageEndToEnd() throws Exception {
        ScoreResponse r = scoring.score(request("frame-1", bottle, 0, allOutputs()));

        assertEquals("frame-1", r.getRequestId());
        assertEquals(MODEL, r.getModelName());
        assertEquals(GOOD, r.getModelVersion());
        assertEquals(Method.SIMPLENET, r.getMethod());
        assertEquals(288, r.getMapSize());
        assertEquals(Verdict.ANOMALOUS, r.getVerdict());
        assertTrue(r.getScore() >= 0.5 && r.getScore() <= 1, "score " + r.getScore());
        assertEquals(version1.manifest().getCalibration().getImageThreshold(), r.getThreshold(), 1e-12);
        assertTrue(r.getTimings().getTotalUs() >= r.getTimings().getFeaturesUs() + r.getTimings().getHeadUs());
        assertTrue(r.getTimings().getFeaturesUs() > 0 && r.getTimings().getHeadUs() > 0);

        BufferedImage heatmap = png(r.getHeatmapPng());
        BufferedImage overlay = png(r.getOverlayPng());
        BufferedImage mask = png(r.getMaskPng());
        for (BufferedImage image : List.of(heatmap, overlay, mask)) {
            assertEquals(288, image.getWidth());
            assertEquals(288, image.getHeight());
        }
        assertEquals(List.of(288, 288), r.getAnomalyMap().getShapeList());
        assertEquals(DType.FLOAT16, r.getAnomalyMap().getDtype());
        float[] map = Float16.decode(r.getAnomalyMap().getData().toByteArray());
        assertEquals(288 * 288, map.length);
        assertFalse(r.hasRawAnomalyMap(), "the raw map comes only when asked for");

        // Mask = map >= 0.5; regions (min area 0) partition the mask's pixels.
        int maskPixels = 0;
        for (int y = 0; y < 288; y++) {
            for (int x = 0; x < 288; x++) {
                int m = mask.getRaster().getSample(x, y, 0);
                assertTrue(m == 0 || m == 255);
                if (m == 255) {
                    maskPixels++;
                }
            }
        }
        assertTrue(maskPixels > 0, "the calibration puts 10% of the pixels over the line");
        assertFalse(r.getRegionsList().isEmpty());
        long regionArea = 0;
        float previousPeak = Float.POSITIVE_INFINITY;
        for (DefectRegion region : r.getRegionsList()) {
            regionArea += region.getArea();
            assertTrue(region.getX() + region.getWidth() <= 288 && region.getY() + region.getHeight() <= 288);
            assertTrue(region.getArea() <= region.getWidth() * region.getHeight());
            assertTrue(region.getPeakScore() >= 0.5f && region.getPeakScore() <= previousPeak);
            previousPeak = region.getPeakScore();
            int cx = Math.round(region.getCentroidX());
            int cy = Math.round(region.getCentroidY());
            assertTrue(cx >= region.getX() && cx < region.getX() + region.getWidth());
            assertTrue(cy >= region.getY() && cy < region.getY() + region.getHeight());
            int inBox = 0;
            for (int y = region.getY(); y < region.getY() + region.getHeight(); y++) {
                for (int x = region.getX(); x < region.getX() + region.getWidth(); x++) {
                    inBox += mask.getRaster().getSample(x, y, 0) == 255 ? 1 : 0;
                }
            }
            assertTrue(inBox >= region.getArea(), "region pixels lie in the mask inside its box");
        }
        assertEquals(maskPixels, regionArea);

        String metrics = io.restassured.RestAssured.given().baseUri(base.toString()).get("/q/metrics").asString();
        assertTrue(metrics.contains("inspection_scoring_images_total{verdict=\"anomalous\"}"), "verdict counter");
        assertTrue(metrics.contains("inspection_scoring_stage_seconds_count{stage=\"head\"}"), "stage timer");
    }

    @Test
    void servedScoreEqualsTheDirectCorePipeline() throws Exception {
        ScoreResponse served = scoring.score(request("parity", bottle, GOOD,
                ScoreOptions.newBuilder().setMapFloat16(true).setRawMapFloat32(true).build()));

        float[] grid = runHead(version1.head(), bottleFeatures);
        float[] map = new float[288 * 288];
        double raw = new AnomalyMapPipeline(PostProcessingConfig.simpleNet(288), 36, 36)
                .computeMap(grid, map, new AnomalyMapPipeline.Workspace());
        Calibration c = version1.manifest().getCalibration();
        ScoreCalibration calibration = new ScoreCalibration(c.getImageThreshold(), c.getImageScale(),
                c.getPixelThreshold(), c.getPixelScale());
        float[] rawMap = map.clone();
        calibration.normalisePixels(map, map);

        // The service runs the head split by level (first layer on the layer3 grid for the layer3 half):
        // equal to the full head up to float summation order, so within 1e-4, and the float16 map within
        // that plus one float16 rounding step.
        assertEquals(raw, served.getRawScore(), 1e-4);
        assertEquals(calibration.normaliseImage(raw), served.getScore(), 1e-4);
        float[] servedMap = Float16.decode(served.getAnomalyMap().getData().toByteArray());
        assertEquals(map.length, servedMap.length);
        for (int i = 0; i < map.length; i++) {
            double tolerance = 1e-4 + Math.abs(map[i]) / 1024;
            assertEquals(map[i], servedMap[i], tolerance, "anomaly map pixel " + i);
        }
        // The raw map (for evaluations) is the same map before calibration, unclamped, in float32.
        assertEquals(List.of(288, 288), served.getRawAnomalyMap().getShapeList());
        assertEquals(DType.FLOAT32, served.getRawAnomalyMap().getDtype());
        float[] servedRaw = LittleEndian.toFloats(served.getRawAnomalyMap().getData().toByteArray());
        for (int i = 0; i < rawMap.length; i++) {
            assertEquals(rawMap[i], servedRaw[i], 1e-4 + Math.abs(rawMap[i]) * 1e-5, "raw anomaly map pixel " + i);
        }
    }

    @Test
    void thresholdAndSensitivityOverridesApplyWithoutReExport() {
        ScoreResponse calibrated = scoring.score(request("cal", bottle, 0, ScoreOptions.newBuilder().setMaskPng(true).build()));
        assertEquals(Verdict.ANOMALOUS, calibrated.getVerdict());

        double above = calibrated.getRawScore() + 0.5;
        ScoreResponse raised = scoring.score(request("raised", bottle, 0,
                ScoreOptions.newBuilder().setImageThreshold(above).build()));
        assertEquals(Verdict.NORMAL, raised.getVerdict());
        assertEquals(above, raised.getThreshold(), 0.0);
        assertEquals(calibrated.getRawScore(), raised.getRawScore(), 0.0);
        assertTrue(raised.getScore() < 0.5);

        // Lower sensitivity moves the decision line up: the reported raw threshold rises, fewer mask pixels.
        ScoreResponse strict = scoring.score(request("strict", bottle, 0,
                ScoreOptions.newBuilder().setSensitivity(0.2).setMaskPng(true).build()));
        assertTrue(strict.getThreshold() > calibrated.getThreshold());
        assertEquals(calibrated.getScore(), strict.getScore(), 0.0);
        assertTrue(strict.getMaskPng().size() != calibrated.getMaskPng().size()
                || !strict.getMaskPng().equals(calibrated.getMaskPng()));
    }

    @Test
    void batchAndStreamKeepOrderAndAgreeWithUnary() throws Exception {
        ScoreOptions plain = ScoreOptions.getDefaultInstance();
        double anomalous = scoring.score(request("a", bottle, 0, plain)).getRawScore();
        double normal = scoring.score(request("n", goodBottle, 0, plain)).getRawScore();
        assertNotEquals(anomalous, normal);

        ScoreBatchResponse batch = scoring.scoreBatch(ScoreBatchRequest.newBuilder().setModelName(MODEL)
                .addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(goodBottle)))
                .addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(bottle))).build());
        assertEquals(2, batch.getResultsCount());
        assertEquals("0", batch.getResults(0).getRequestId());
        assertEquals(normal, batch.getResults(0).getRawScore(), 0.0);
        assertEquals(anomalous, batch.getResults(1).getRawScore(), 0.0);

        List<ScoreResponse> received = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ScoreRequest> stream = ScoringServiceGrpc.newStub(channel).scoreStream(new StreamObserver<>() {
            @Override
            public void onNext(ScoreResponse value) {
                synchronized (received) {
                    received.add(value);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        List<String> ids = List.of("f0", "f1", "f2", "f3", "f4");
        for (int i = 0; i < ids.size(); i++) {
            stream.onNext(request(ids.get(i), i % 2 == 0 ? goodBottle : bottle, 0, plain));
        }
        stream.onCompleted();
        done.get(120, TimeUnit.SECONDS);
        assertEquals(ids, received.stream().map(ScoreResponse::getRequestId).toList());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i % 2 == 0 ? normal : anomalous, received.get(i).getRawScore(), 0.0);
        }
    }

    @Test
    void versionSwapDuringConcurrentRequestsFailsNoRequest() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(3);
        AtomicBoolean swapping = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Integer> versions = new ConcurrentLinkedQueue<>();
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                int client = c;
                futures.add(clients.submit(() -> {
                    int n = 0;
                    while (swapping.get() || n < 2) {
                        ScoreResponse r = scoring.score(request("c" + client + "-" + n, bottle, 0,
                                ScoreOptions.getDefaultInstance()));
                        versions.add(r.getModelVersion());
                        n++;
                    }
                    return n;
                }));
            }
            for (int version : new int[] {OTHER_GOOD, GOOD, OTHER_GOOD}) {
                Thread.sleep(300);
                assertEquals(version, activate(version).getActiveVersion());
                awaitNewestResponseOn(version, versions);
            }
            swapping.set(false);
            for (Future<Integer> f : futures) {
                assertTrue(f.get(300, TimeUnit.SECONDS) >= 2); // get() rethrows any failed request
            }
        } finally {
            swapping.set(false);
            clients.shutdownNow();
        }
        assertEquals(OTHER_GOOD, scoring.score(request("after-swaps", bottle, 0, ScoreOptions.getDefaultInstance()))
                .getModelVersion());
        ServedModel state = scoring.listServedModels(ListServedModelsRequest.getDefaultInstance()).getModels(0);
        assertEquals(OTHER_GOOD, state.getActiveVersion());
        assertEquals(List.of(GOOD, OTHER_GOOD), state.getLoadedVersionsList());
    }

    /** Waits until the clients, still running, get a response from the version just activated. */
    private static void awaitNewestResponseOn(int version, ConcurrentLinkedQueue<Integer> versions)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int seen = versions.size();
        while (System.nanoTime() < deadline) {
            List<Integer> all = List.copyOf(versions);
            if (all.subList(Math.min(seen, all.size()), all.size()).contains(version)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no request ran on version " + version + " after its activation: " + versions);
    }

    @Test
    void aVersionThatFailsToLoadLeavesTheOldOneServing() {
        assertStatus(Status.Code.FAILED_PRECONDITION, "cannot be served", () -> activate(CORRUPT));
        assertStatus(Status.Code.FAILED_PRECONDITION, "backbone", () -> activate(WRONG_BACKBONE));
        assertStatus(Status.Code.FAILED_PRECONDITION, "sha256", () -> activate(WRONG_SHA));
        assertStatus(Status.Code.NOT_FOUND, "no version 99", () -> activate(99));

        ServedModel state = scoring.listServedModels(ListServedModelsRequest.getDefaultInstance()).getModels(0);
        assertEquals(GOOD, state.getActiveVersion());
        assertEquals(GOOD, state.getActiveManifest().getVersion());
        assertEquals(GOOD, scoring.score(request("still", bottle, 0, ScoreOptions.getDefaultInstance())).getModelVersion());
    }

    @Test
    void pinnedVersionsAndUnload() {
        activate(OTHER_GOOD);
        assertEquals(GOOD, scoring.score(request("pin", bottle, GOOD, ScoreOptions.getDefaultInstance())).getModelVersion());
        assertStatus(Status.Code.FAILED_PRECONDITION, "active version", () -> scoring.unloadVersion(
                UnloadVersionRequest.newBuilder().setModelName(MODEL).setVersion(OTHER_GOOD).build()));
        ServedModel after = scoring.unloadVersion(UnloadVersionRequest.newBuilder().setModelName(MODEL).setVersion(GOOD).build());
        assertEquals(List.of(OTHER_GOOD), after.getLoadedVersionsList());
        assertStatus(Status.Code.NOT_FOUND, "not loaded", () -> scoring.score(
                request("gone", bottle, GOOD, ScoreOptions.getDefaultInstance())));

        // Loading version 1 again uses the verified copy in the artifact cache.
        int downloads = registry.downloads();
        assertEquals(GOOD, activate(GOOD).getActiveVersion());
        assertEquals(downloads, registry.downloads());
    }

    @Test
    void registryDownFailsActivationFastAndKeepsServing() throws Exception {
        registry.stop();
        try {
            long start = System.nanoTime();
            assertStatus(Status.Code.UNAVAILABLE, "registry", () -> activate(OTHER_GOOD + 100));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 10_000, "UNAVAILABLE should come fast, took " + millis + " ms");
            assertEquals(GOOD, scoring.score(request("during", goodBottle, 0, ScoreOptions.getDefaultInstance()))
                    .getModelVersion());
        } finally {
            registry.start();
        }
        assertStatus(Status.Code.NOT_FOUND, "no version", () -> activate(OTHER_GOOD + 100));
    }

    @Test
    void featureServiceDownFailsFastThenRecovers() throws Exception {
        ScoreRequest frame = request("frame", goodBottle, 0, ScoreOptions.getDefaultInstance());
        scoring.score(frame);
        featureService.stop();
        try {
            long start = System.nanoTime();
            assertStatus(Status.Code.UNAVAILABLE, "feature service", () -> scoring.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .score(frame));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Connection refused is immediate; only the bounded retries (50 + 100 ms) add to it.
            assertTrue(millis < 10_000, "UNAVAILABLE should come fast, took " + millis + " ms");
        } finally {
            featureService.start();
        }
        assertEquals(GOOD, scoring.score(frame).getModelVersion());
    }

    @Test
    void openInferenceProtocolClientGetsAScore() {
        var oip = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        assertTrue(oip.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(oip.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        assertTrue(oip.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).build()).getReady());
        assertFalse(oip.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).setVersion("42").build()).getReady());
        var metadata = oip.modelMetadata(ModelMetadataRequest.newBuilder().setName(MODEL).build());
        assertEquals("image", metadata.getInputs(0).getName());
        assertEquals(List.of(1L, 288L, 288L), metadata.getOutputs(3).getShapeList());

        ScoreResponse own = scoring.score(request("own", bottle, 0, ScoreOptions.getDefaultInstance()));

        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("image").setDatatype("BYTES").addShape(1);
        ModelInferResponse typed = oip.modelInfer(ModelInferRequest.newBuilder().setModelName(MODEL).setId("req-7")
                .addInputs(input.clone().setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFrom(bottle)))).build());
        assertEquals("req-7", typed.getId());
        assertEquals(Integer.toString(GOOD), typed.getModelVersion());
        assertEquals(List.of("score", "raw_score", "label", "anomaly_map"),
                typed.getOutputsList().stream().map(ModelInferResponse.InferOutputTensor::getName).toList());
        assertEquals((float) own.getScore(), typed.getOutputs(0).getContents().getFp32Contents(0));
        assertEquals((float) own.getRawScore(), typed.getOutputs(1).getContents().getFp32Contents(0));
        assertEquals(1, typed.getOutputs(2).getContents().getIntContents(0));
        assertEquals(288 * 288, typed.getOutputs(3).getContents().getFp32ContentsCount());

        // Triton-style raw contents: 4-byte little-endian length prefix in, little-endian tensors out.
        ByteBuffer prefixed = ByteBuffer.allocate(4 + bottle.length).order(ByteOrder.LITTLE_ENDIAN);
        prefixed.putInt(bottle.length).put(bottle);
        ModelInferResponse raw = oip.modelInfer(ModelInferRequest.newBuilder().setModelName(MODEL).setModelVersion("1")
                .addInputs(input).addRawInputContents(ByteString.copyFrom(prefixed.array()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("raw_score"))
                .putParameters("sensitivity", InferParameter.newBuilder().setStringParam("0.5").build()).build());
        assertEquals(1, raw.getRawOutputContentsCount());
        assertEquals((float) own.getRawScore(), LittleEndian.getFloat(raw.getRawOutputContents(0).toByteArray(), 0));

        assertStatus(Status.Code.INVALID_ARGUMENT, "parameters.sensitivity", () -> oip.modelInfer(
                ModelInferRequest.newBuilder().setModelName(MODEL).addInputs(input.clone().setContents(
                        InferTensorContents.newBuilder().addBytesContents(ByteString.copyFrom(bottle))))
                        .putParameters("sensitivity", InferParameter.newBuilder().setStringParam("2").build()).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "'image'", () -> oip.modelInfer(ModelInferRequest.newBuilder()
                .setModelName(MODEL).addInputs(input.clone().setName("pixels")).build()));
    }

    @Test
    void badInputsAndUnknownModelsGetTheDocumentedCodes() throws Exception {
        ScoreOptions plain = ScoreOptions.getDefaultInstance();
        assertStatus(Status.Code.NOT_FOUND, "not served", () -> scoring.score(
                request("x", bottle, 0, plain).toBuilder().setModelName("no-such-model").build()));
        assertStatus(Status.Code.NOT_FOUND, "not loaded", () -> scoring.score(request("x", bottle, 77, plain)));
        assertStatus(Status.Code.NOT_FOUND, "unknown model", () -> scoring.activateVersion(
                ActivateVersionRequest.newBuilder().setModelName("no-such-model").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "options.sensitivity", () -> scoring.score(
                request("x", bottle, 0, ScoreOptions.newBuilder().setSensitivity(1.5).build())));
        assertStatus(Status.Code.INVALID_ARGUMENT, "options.image_threshold", () -> scoring.score(
                request("x", bottle, 0, ScoreOptions.newBuilder().setImageThreshold(Double.NaN).build())));
        assertStatus(Status.Code.INVALID_ARGUMENT, "image", () -> scoring.score(
                request("x", Arrays.copyOf(bottle, 100), 0, plain)));
        assertStatus(Status.Code.INVALID_ARGUMENT, "missing", () -> scoring.score(
                request("x", bottle, 0, plain).toBuilder().clearImage().build()));
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "pixels", () -> scoring.score(
                request("x", hugePngHeader(), 0, plain)));
        assertStatus(Status.Code.INVALID_ARGUMENT, "images is empty", () -> scoring.scoreBatch(
                ScoreBatchRequest.newBuilder().setModelName(MODEL).build()));
        ScoreBatchRequest.Builder tooMany = ScoreBatchRequest.newBuilder().setModelName(MODEL);
        for (int i = 0; i <= PeerPorts.MAX_BATCH; i++) {
            tooMany.addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(goodBottle)));
        }
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "maximum", () -> scoring.scoreBatch(tooMany.build()));
        assertStatus(Status.Code.DEADLINE_EXCEEDED, "", () -> scoring.withDeadlineAfter(1, TimeUnit.MILLISECONDS)
                .score(request("x", bottle, 0, plain)));

        // A stream request without an id ends the stream with INVALID_ARGUMENT.
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ScoreRequest> stream = ScoringServiceGrpc.newStub(channel).scoreStream(new StreamObserver<>() {
            @Override
            public void onNext(ScoreResponse value) {
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        stream.onNext(request("", bottle, 0, plain));
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> done.get(60, TimeUnit.SECONDS));
        Status status = Status.fromThrowable(failure.getCause());
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertTrue(status.getDescription().contains("request_id"));
        stream.onCompleted();
    }

    @Test
    void pythonGrpcioClientFromTheProtoFilesGetsTheSameScore() throws Exception {
        java.util.Optional<Path> python = onPath("python3", Path.of("/usr/bin/python3"));
        java.util.Optional<Path> protoc = onPath("protoc", null);
        java.util.Optional<Path> plugin = onPath("grpc_python_plugin", null);
        Assumptions.assumeTrue(python.isPresent() && protoc.isPresent() && plugin.isPresent()
                        && run(List.of(python.get().toString(), "-c", "import grpc"), Map.of()).exitCode() == 0,
                "needs python3 with grpcio, protoc and grpc_python_plugin (Debian: python3-grpcio, "
                        + "protobuf-compiler, protobuf-compiler-grpc)");
        Path stubs = Files.createTempDirectory("py-stubs");
        Path protoRoot = Path.of("../proto/src/main/proto").toAbsolutePath().normalize();
        List<String> generate = new ArrayList<>(List.of(protoc.get().toString(), "-I" + protoRoot,
                "--python_out=" + stubs, "--grpc_python_out=" + stubs,
                "--plugin=protoc-gen-grpc_python=" + plugin.get()));
        try (var files = Files.walk(protoRoot)) {
            files.filter(f -> f.toString().endsWith(".proto")).forEach(f -> generate.add(protoRoot.relativize(f).toString()));
        }
        ProcessResult generated = run(generate, Map.of());
        assertEquals(0, generated.exitCode(), generated.output());

        Path image = SharedDir.bottle("test", "broken_large", "000.png");
        ProcessResult scored = run(List.of(python.get().toString(), "src/test/python/score_image.py",
                "--target", base.getHost() + ":" + base.getPort(), "--model", MODEL, "--image", image.toString()),
                Map.of("PYTHONPATH", stubs.toString()));
        assertEquals(0, scored.exitCode(), scored.output());
        String json = scored.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);

        ScoreResponse own = scoring.score(request("java", bottle, 0, ScoreOptions.getDefaultInstance()));
        assertEquals(MODEL + ":" + GOOD, result.get("model").asText());
        assertEquals(own.getScore(), result.get("score").asDouble(), 0.0);
        assertEquals(own.getRawScore(), result.get("raw_score").asDouble(), 0.0);
        assertEquals("ANOMALOUS", result.get("verdict").asText());
        assertEquals((float) own.getRawScore(), (float) result.get("oip_raw_score").asDouble());
        assertEquals((float) own.getRawScore(), (float) result.get("oip_raw_contents_raw_score").asDouble());
        assertEquals(1, result.get("oip_label").asInt());
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private static ProcessResult run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new ProcessResult(process.exitValue(), output);
    }

    private static java.util.Optional<Path> onPath(String name, Path preferred) {
        if (preferred != null && Files.isExecutable(preferred)) {
            return java.util.Optional.of(preferred);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** A valid PNG signature and IHDR announcing 100000 x 100000 pixels, no pixel data. */
    private static byte[] hugePngHeader() {
        ByteBuffer b = ByteBuffer.allocate(8 + 25).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
