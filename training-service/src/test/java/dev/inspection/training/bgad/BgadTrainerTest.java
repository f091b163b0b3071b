package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingChoice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.bgad.PositionalEncoding;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BgadTrainerTest {

    private static final int SIZE = 64;

    private static BgadConfig tinyConfig() {
        return BgadConfig.preset(BgadConfig.Preset.CPU).withOverrides(Map.ofEntries(
                Map.entry("reduced_channels", "4,4,6"), Map.entry("coupling_blocks", "2"),
                Map.entry("positional_dim", "8"), Map.entry("steps", "100"), Map.entry("rows_per_chunk", "128"),
                Map.entry("images_per_step", "8"), Map.entry("known_anomalies", "2"),
                Map.entry("pseudo_per_known", "2"), Map.entry("input_size", Integer.toString(SIZE)),
                Map.entry("reference_images", "8"), Map.entry("statistics_images", "4"),
                Map.entry("learning_rate", "1e-3")));
    }

    private static List<NormalImage> normals(int n) {
        List<NormalImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new NormalImage("good/" + i, SyntheticFeatureSource.normalImage(SIZE, i)));
        }
        return out;
    }

    private static KnownAnomaly anomaly(String id, long seed, int x0, int y0) {
        byte[] mask = new byte[SIZE * SIZE];
        RgbImage image = SyntheticFeatureSource.withDefect(SIZE, seed, x0, y0, 16, mask);
        return new KnownAnomaly(id, "red", image, mask);
    }

    @Test
    void learnsToScoreDefectsAboveNormalsAndExportsAManifest() throws Exception {
        SyntheticFeatureSource source = new SyntheticFeatureSource();
        List<BgadProgress> reports = new ArrayList<>();
        BgadModel model = new BgadTrainer(source).train(normals(24),
                List.of(anomaly("red/0", 100, 8, 8), anomaly("red/1", 101, 36, 28)), tinyConfig(), reports::add,
                () -> false);

        assertEquals(List.of("red/0", "red/1"), model.knownAnomalyIds());
        assertEquals(PreprocessingSpec.Mode.RESIZE_CENTER_CROP, model.preprocessing().mode());
        BgadProgress last = reports.get(reports.size() - 1);
        assertEquals(100, last.step());
        assertEquals("train-bgspp", last.phase());
        assertTrue(reports.stream().anyMatch(p -> p.phase().equals("train-ml")));

        // unseen images: a defect elsewhere scores above every unseen normal, and inside its own region
        BgadDataPreparation prep = new BgadDataPreparation(source);
        NormalFeatures nf = prep.prepareNormals(normals(4), tinyConfig(), BgadProgressListener.NONE, () -> false);
        byte[] mask = new byte[SIZE * SIZE];
        RgbImage defect = SyntheticFeatureSource.withDefect(SIZE, 500, 24, 40, 16, mask);
        List<RgbImage> tests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tests.add(SyntheticFeatureSource.normalImage(SIZE, 1000 + i));
        }
        tests.add(defect);
        // score with the model's own reductions
        NormalFeatures withModel = new NormalFeatures(model.preprocessing(), model.rawShapes(), model.reductions(),
                new FeatureBank(model.reducedShapes()), List.of(), List.of());
        AnomalyMapper mapper = model.mapper();
        float[] scores = new float[tests.size()];
        float[] defectMap;
        try (FlowScorer scorer = model.newScorer()) {
            List<float[][]> raw = source.extract(tests, model.preprocessing());
            defectMap = null;
            for (int i = 0; i < tests.size(); i++) {
                float[] map = mapper.anomalyMap(scorer.logLikelihoods(withModel.reduce(raw.get(i))));
                scores[i] = AnomalyMapper.imageScore(map);
                defectMap = map;
            }
        }
        for (int i = 0; i < 6; i++) {
            assertTrue(scores[6] > scores[i], "defect " + scores[6] + " vs normal " + scores[i]);
        }
        double inside = 0;
        double outside = 0;
        int nIn = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                inside += defectMap[i];
                nIn++;
            } else {
                outside += defectMap[i];
            }
        }
        assertTrue(inside / nIn > outside / (mask.length - nIn), "map higher inside the defect");
        assertTrue(nf.bank().size() == 4);

        Map<String, String> manifest = model.manifest();
        assertEquals("RESIZE_CENTER_CROP", manifest.get("preprocessing.mode"));
        assertEquals("red/0,red/1", manifest.get("known_anomalies.ids"));
        assertEquals("0", manifest.get("training.skipped_updates"));
        assertEquals(0, model.skippedUpdates());
        assertTrue(manifest.containsKey("scoring.level1.max_logp"));
        assertEquals("orthonormal_projection+standardize", manifest.get("level1.reduction.kind"));

        // the exported level graph gives the same logp as the DJL scorer on raw rows
        float[] rawRows = source.extract(List.of(defect), model.preprocessing()).get(0)[2];
        LevelShape s = model.rawShapes().get(2);
        float[] djl;
        try (FlowScorer scorer = model.newScorer()) {
            djl = scorer.logLikelihoods(2, withModel.reduce(source.extract(List.of(defect), model.preprocessing()).get(0))[2]);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.exportLevelOnnx(2), new OrtSession.SessionOptions());
             OnnxTensor f = OnnxTensor.createTensor(env, FloatBuffer.wrap(rawRows), new long[] {s.positions(), s.channels()});
             OnnxTensor p = OnnxTensor.createTensor(env, FloatBuffer.wrap(PositionalEncoding.table(s.height(), s.width(), 8)),
                     new long[] {s.positions(), 8});
             OrtSession.Result r = session.run(Map.of("features", f, "positions", p))) {
            float[] onnx = ((OnnxTensor) r.get("logp").orElseThrow()).getFloatBuffer().array();
            for (int i = 0; i < onnx.length; i++) {
                assertEquals(djl[i], onnx[i], 1e-3);
            }
        }
    }

    @Test
    void elongatedImagesAreResizedWhole() {
        RgbImage wide = new RgbImage(96, 48, new byte[96 * 48 * 3]);
        assertEquals(PreprocessingSpec.Mode.RESIZE_WHOLE, PreprocessingChoice.forImages(List.of(wide), 64).mode());
        RgbImage square = new RgbImage(50, 49, new byte[50 * 49 * 3]);
        assertEquals(PreprocessingSpec.Mode.RESIZE_CENTER_CROP, PreprocessingChoice.forImages(List.of(square), 64).mode());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        SyntheticFeatureSource source = new SyntheticFeatureSource();
        BgadTrainer trainer = new BgadTrainer(source);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(normals(4), List.of(), tinyConfig(), BgadProgressListener.NONE, () -> false));
        assertTrue(none.getMessage().contains("no labelled anomalies"));
        assertEquals(0, source.extractedImages, "fails before any feature extraction");

        RgbImage image = SyntheticFeatureSource.normalImage(SIZE, 1);
        IllegalArgumentException noMask = assertThrows(IllegalArgumentException.class,
                () -> new KnownAnomaly("crack/3", "crack", image, null));
        assertTrue(noMask.getMessage().contains("crack/3") && noMask.getMessage().contains("no defect mask"));
        IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
                () -> new KnownAnomaly("crack/4", "crack", image, new byte[10]));
        assertTrue(wrongSize.getMessage().contains("crack/4") && wrongSize.getMessage().contains("64x64"));

        assertThrows(IllegalArgumentException.class, () -> trainer.train(List.of(),
                List.of(anomaly("a", 1, 0, 0)), tinyConfig(), BgadProgressListener.NONE, () -> false));
        assertThrows(IllegalArgumentException.class,
                () -> tinyConfig().withOverrides(Map.of("no_such_knob", "1")));
        assertThrows(IllegalArgumentException.class, () -> tinyConfig().withOverrides(Map.of("steps", "many")));
    }

    @Test
    void cancellationStopsTraining() {
        AtomicInteger polls = new AtomicInteger();
        assertThrows(CancellationException.class, () -> new BgadTrainer(new SyntheticFeatureSource()).train(normals(12),
                List.of(anomaly("red/0", 100, 8, 8)), tinyConfig(), BgadProgressListener.NONE,
                () -> polls.incrementAndGet() > 20));
    }

    @Test
    void skipsNonFiniteUpdatesAndFailsALevelThatKeepsDiverging() {
        DivergenceGuard guard = new DivergenceGuard(3);
        assertTrue(guard.allFinite(new float[] {-1.5f, 0f, 3f}, 0, 0, "log-likelihood"));
        assertFalse(guard.allFinite(new float[] {-1.5f, Float.NaN}, 2, 0, "log-likelihood"));
        guard.applied(2); // a good update resets the run of skips
        for (int step = 1; step < DivergenceGuard.MAX_CONSECUTIVE_SKIPS; step++) {
            assertFalse(guard.allFinite(new float[] {Float.NEGATIVE_INFINITY}, 2, step, "log-likelihood"));
        }
        assertEquals(DivergenceGuard.MAX_CONSECUTIVE_SKIPS, guard.skipped());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.skip(2, 41, "gradient"));
        assertTrue(e.getMessage().contains("level 3") && e.getMessage().contains("step 42")
                && e.getMessage().contains("diverged"), e.getMessage());
        guard.skip(0, 41, "gradient"); // the other levels keep their own count
    }
}
