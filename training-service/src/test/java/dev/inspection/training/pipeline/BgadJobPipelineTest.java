package dev.inspection.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.training.bgad.SharedData;
import dev.inspection.training.jobs.JobCancelledException;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.jobs.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BGAD jobs end to end on a few real bottle images at a 64-pixel input with tiny flows (seconds):
 * real gRPC to in-test dataset and feature services (the shared trunk), registration, and the bad
 * inputs that must fail before anything is registered.
 */
class BgadJobPipelineTest {

    /** Small enough for a unit test; every knob goes through the job's overrides. */
    private static final Map<String, String> TINY = Map.ofEntries(Map.entry("input_size", "64"),
            Map.entry("reduced_channels", "8,8,16"), Map.entry("coupling_blocks", "2"), Map.entry("positional_dim", "16"),
            Map.entry("steps", "25"), Map.entry("rows_per_chunk", "128"), Map.entry("images_per_step", "4"),
            Map.entry("known_anomalies", "3"), Map.entry("pseudo_per_known", "2"), Map.entry("pseudo_entries", "2"),
            Map.entry("reference_images", "4"), Map.entry("statistics_images", "4"),
            Map.entry("validation_fraction", "0.34"));

    private static List<ImageRecord> bottle;
    private static Path trunk;

    @TempDir
    Path work;

    @BeforeAll
    static void data() {
        Path shared = SharedData.dir();
        trunk = shared.resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx");
        bottle = RecordDatasetService.mvtecFolder(shared.resolve("data/mvtec_ad/bottle"), 3);
    }

    @AfterAll
    static void release() {
        bottle = null;
    }

    private static JobRecord job(Map<String, String> overrides) {
        SortedMap<String, String> config = Presets.resolveBgad("cpu", overrides, 7);
        return BgadJobRig.job("bottle-bgad", Method.BGAD, "", config, null, 7);
    }

    @Test
    void trainsExportsEvaluatesWithoutTheKnownAnomaliesAndRegisters() throws Exception {
        try (BgadJobRig rig = new BgadJobRig(bottle, trunk, 1, work.resolve("models"))) {
            BgadJobRig.Recorder ctx = new BgadJobRig.Recorder(s -> { }, s -> { });
            int version = rig.bgadPipeline(4).run(job(TINY), ctx);

            assertEquals(1, version);
            assertEquals(List.of(JobPhase.SNAPSHOT, JobPhase.FEATURES, JobPhase.TRAINING, JobPhase.EXPORT,
                    JobPhase.CALIBRATION, JobPhase.EVALUATION, JobPhase.REGISTRATION), ctx.phases);
            assertEquals(25, ctx.steps.get(ctx.steps.size() - 1).step());
            assertTrue(ctx.steps.stream().allMatch(s -> Double.isFinite(s.loss())), "losses are finite");

            ModelManifest m = rig.registry.get("bottle-bgad", version).getManifest();
            assertEquals(Method.BGAD, m.getMethod());
            assertEquals(3, m.getKnownAnomalyImageIdsCount());
            long anomalies = bottle.stream().filter(r -> r.getLabel() == Label.ANOMALOUS).count();
            long testImages = bottle.stream().filter(r -> r.getSplit() == dev.inspection.api.dataset.v1.Split.TEST).count();
            assertEquals(testImages - 3, m.getMetrics().getImages(), "known anomalies are not evaluated");
            assertEquals(anomalies - 3, m.getMetrics().getAnomalousImages());
            assertTrue(m.getMetrics().getImageAuroc() >= 0 && m.getMetrics().getImageAuroc() <= 1);
            assertEquals(ResizeMode.RESIZE_CENTER_CROP, m.getPreprocessing().getMode(), "bottle images are square");
            assertEquals(64, m.getPreprocessing().getCropSize());
            assertEquals(List.of(8, 8, 16), m.getEmbeddingDimsList());
            assertEquals(List.of("flow.layer1", "flow.layer2", "flow.layer3"),
                    m.getArtifactsList().stream().map(ModelArtifact::getRole).toList());
            for (String key : List.of("logp_max.layer1", "logp_max.layer2", "logp_max.layer3", "map_max")) {
                assertTrue(Double.isFinite(m.getCalibration().getConstantsOrThrow(key)), key);
            }
            assertTrue(m.getCalibration().getImages() >= 2, "calibrated on held-out normals");
            assertTrue(m.getPostProcessing().getAlignCorners());
            assertEquals(0.0, m.getPostProcessing().getBlurSigma());
            assertEquals("2", m.getTrainingConfigOrThrow("coupling_blocks"));
            assertTrue(m.getChannelReductionOrThrow("layer3").endsWith("1024->16"), m.getChannelReductionMap().toString());
            for (ModelArtifact a : m.getArtifactsList()) {
                assertTrue(Files.isRegularFile(rig.registryRoot.resolve("bottle-bgad/1").resolve(a.getFile())), a.getFile());
            }
            // the training normals' reduced rows are cached for the next job: one entry per level and image
            try (Stream<Path> keys = Files.list(rig.featureCacheDir())) {
                List<Path> levels = keys.toList();
                assertEquals(3, levels.size());
                for (Path level : levels) {
                    try (Stream<Path> files = Files.list(level)) {
                        assertEquals(1, files.count(), "the one training normal left after the carve");
                    }
                }
            }
            simpleNetIsMeasuredOnTheImagesTheBgadVersionWasEvaluatedOn(rig, m);
        }
    }

    /**
     * The benchmark's comparison: a SimpleNet version on the same snapshot and preprocessing, scored
     * again by the job's evaluation code, reproduces its registered metrics and is measured on exactly
     * the images the BGAD version was evaluated on.
     */
    private void simpleNetIsMeasuredOnTheImagesTheBgadVersionWasEvaluatedOn(BgadJobRig rig, ModelManifest bgad)
            throws Exception {
        SnapshotFeatures features = new SnapshotFeatures(rig.dataset, rig.features,
                new DiskFeatureStore(work.resolve("cache")), 8);
        SimpleNetJobPipeline simpleNet = new SimpleNetJobPipeline(rig.dataset, rig.features, features,
                SimpleNetMethodTrainer::new, rig.registry, work.resolve("models/.work"), java.time.Clock.systemUTC());
        JobRecord job = BgadJobRig.job("bottle-simplenet", Method.SIMPLENET, bgad.getSnapshotId(), Presets.resolve("cpu",
                Map.of("steps", "3", "patches_per_step", "64", "noise_sample_rows", "256"), 7),
                Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_WHOLE).setCropSize(64).build(), 7);
        int version = simpleNet.run(job, new BgadJobRig.Recorder(s -> { }, s -> { }));
        ModelManifest registered = rig.registry.get("bottle-simplenet", version).getManifest();
        assertEquals(ResizeMode.RESIZE_WHOLE, registered.getPreprocessing().getMode());
        assertEquals(64, registered.getPreprocessing().getCropSize());

        BgadSimpleNetComparison scores = BgadSimpleNetComparison.score(rig.registry, "bottle-simplenet", version,
                features, rig.features.backbone(registered.getBackbone().getId())).check();
        assertEquals(registered.getMetrics().getImageAuroc(), scores.without(Set.of()).getImageAuroc(), 1e-9);
        Metrics onBgadImages = scores.without(Set.copyOf(bgad.getKnownAnomalyImageIdsList()));
        assertEquals(bgad.getMetrics().getImages(), onBgadImages.getImages());
        assertEquals(bgad.getMetrics().getAnomalousImages(), onBgadImages.getAnomalousImages());
        assertEquals(registered.getMetrics().getImages() - 3, onBgadImages.getImages());
    }

    @Test
    void cancellingDuringTrainingRegistersNothing() throws Exception {
        try (BgadJobRig rig = new BgadJobRig(bottle, trunk, 1, work.resolve("models"))) {
            BgadJobRig.Recorder[] holder = new BgadJobRig.Recorder[1];
            holder[0] = new BgadJobRig.Recorder(s -> { }, s -> holder[0].token.cancel());
            assertThrows(JobCancelledException.class, () -> rig.bgadPipeline(4).run(job(TINY), holder[0]));
            assertTrue(rig.versions.list("bottle-bgad").isEmpty());
            assertNoVersionFolders(rig);
        }
    }

    @Test
    void datasetWithoutLabelledAnomaliesIsFailedPrecondition() throws Exception {
        List<ImageRecord> normals = bottle.stream().filter(r -> r.getLabel() == Label.NORMAL).toList();
        TrainingException e = failure(normals);
        assertEquals(TrainingException.Kind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("no labelled anomalies"), e.getMessage());
    }

    @Test
    void anomaliesWithoutMasksAreFailedPreconditionNamingThem() throws Exception {
        List<ImageRecord> unmasked = bottle.stream().map(r -> r.toBuilder().clearMask().setHasMask(false).build()).toList();
        TrainingException e = failure(unmasked);
        assertEquals(TrainingException.Kind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("without a mask") && e.getMessage().contains("test/broken_large/000.png"),
                e.getMessage());
    }

    @Test
    void maskOfAnotherSizeIsInvalidArgumentNamingTheImage() throws Exception {
        // The 448x448 mask stays, the image becomes 32x16.
        com.google.protobuf.ByteString small = smallPng();
        List<ImageRecord> records = bottle.stream().map(r -> r.getSourceName().equals("test/contamination/000.png")
                ? r.toBuilder().setImageBytes(small).build() : r).toList();
        TrainingException e = failure(records);
        assertEquals(TrainingException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("test/contamination/000.png") && e.getMessage().contains("448x448"),
                e.getMessage());
    }

    private TrainingException failure(List<ImageRecord> records) throws Exception {
        try (BgadJobRig rig = new BgadJobRig(records, trunk, 1, work.resolve("models"))) {
            TrainingException e = assertThrows(TrainingException.class,
                    () -> rig.bgadPipeline(4).run(job(TINY), new BgadJobRig.Recorder(s -> { }, s -> { })));
            assertTrue(rig.versions.list("bottle-bgad").isEmpty());
            assertNoVersionFolders(rig);
            return e;
        }
    }

    private static void assertNoVersionFolders(BgadJobRig rig) throws Exception {
        Path model = rig.registryRoot.resolve("bottle-bgad");
        if (Files.isDirectory(model)) {
            try (Stream<Path> entries = Files.list(model)) {
                assertEquals(List.of(), entries.toList());
            }
        }
    }

    /** A 32x16 PNG (any mask of the 448x448 bottle set cannot match it). */
    private static com.google.protobuf.ByteString smallPng() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(32, 16,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return com.google.protobuf.ByteString.copyFrom(out.toByteArray());
    }
}
