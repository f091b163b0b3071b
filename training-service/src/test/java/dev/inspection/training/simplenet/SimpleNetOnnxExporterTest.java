package dev.inspection.training.simplenet;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported head reproduces DJL's scores, and the fold equals the unfolded adaptor + discriminator.
 * Real SimpleNet sizes (1536 -> 1536 -> 1024 -> 1); weights after a few training steps, so the
 * BatchNorm running statistics are not at their initial values.
 */
class SimpleNetOnnxExporterTest {

    private static final int DIM = 1536;
    private static final int ROWS = 300;
    private static TrainedSimpleNet model;
    private static float[] rows;

    @BeforeAll
    static void trainBriefly() {
        SplittableRandom random = new SplittableRandom(8);
        int images = 2;
        int patches = 200;
        float[] features = new float[images * patches * DIM];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) (Math.abs(random.nextGaussian()) * 0.7);
        }
        SimpleNetConfig config = SimpleNetConfig.cpu().with(Map.of("steps", "4", "patchesPerStep", "64",
                "noiseSampleRows", "256", "adaptorLr", "1e-3", "discriminatorLr", "1e-3"));
        model = new SimpleNetTrainer().train(new dev.inspection.training.features.InMemoryFeatureTable(features,
                images, patches, DIM), config, ProgressListener.NONE, null);
        rows = new float[ROWS * DIM];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) (Math.abs(random.nextGaussian()) * 0.7);
        }
        float[] runningMean = model.weights().bnRunningMean();
        assertTrue(Math.abs(runningMean[0]) > 0, "running statistics should have moved");
    }

    @Test
    void onnxRuntimeReproducesDjlScores(@TempDir Path dir) throws IOException, OrtException {
        Path file = dir.resolve("head.onnx");
        SimpleNetOnnxExporter.export(model, file);
        float[] djl = model.scorePatchesUnfolded(rows, ROWS);
        float[] ort = runOnnx(file, rows, ROWS);
        assertClose(djl, ort, 1e-4, "ONNX Runtime vs DJL (unfolded)");
        // the file carries the metadata the registry reads
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(Files.readAllBytes(file))) {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals("simplenet", meta.get("method"));
            assertEquals("1536", meta.get("feature_dim"));
            assertEquals("4", meta.get("training_steps"));
            assertEquals(SimpleNetOnnxExporter.INPUT, session.getInputNames().iterator().next());
            assertEquals(SimpleNetOnnxExporter.OUTPUT, session.getOutputNames().iterator().next());
        }
    }

    @Test
    void foldedHeadEqualsUnfoldedComputation() {
        float[] folded = model.scorePatches(rows, ROWS);
        float[] unfolded = model.scorePatchesUnfolded(rows, ROWS);
        assertClose(unfolded, folded, 1e-4, "folded vs unfolded");
    }

    @Test
    void foldMatchesADoublePrecisionReferenceOnOneRow() {
        SimpleNetWeights w = model.weights();
        int h = w.hiddenDim();
        double expected = 0;
        double[] adapted = new double[DIM];
        for (int k = 0; k < DIM; k++) {
            double s = w.adaptorBias()[k];
            for (int j = 0; j < DIM; j++) {
                s += (double) w.adaptorWeight()[k * DIM + j] * rows[j];
            }
            adapted[k] = s;
        }
        for (int i = 0; i < h; i++) {
            double z = w.hiddenBias()[i];
            for (int k = 0; k < DIM; k++) {
                z += (double) w.hiddenWeight()[i * DIM + k] * adapted[k];
            }
            z = (z - w.bnRunningMean()[i]) / Math.sqrt(w.bnRunningVar()[i] + w.bnEps()) * w.bnGamma()[i]
                    + w.bnBeta()[i];
            z = z > 0 ? z : z * w.leakySlope();
            expected += w.outputWeight()[i] * z;
        }
        assertEquals(-expected, model.scorePatches(rows, 1)[0], 1e-4);
    }

    @Test
    void exportIsDeterministic() {
        assertArrayEquals(SimpleNetOnnxExporter.toBytes(model), SimpleNetOnnxExporter.toBytes(model));
    }

    private static float[] runOnnx(Path file, float[] data, int n) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(data, 0, n * DIM), new long[] {n, DIM});
             OrtSession.Result result = session.run(Map.of(SimpleNetOnnxExporter.INPUT, input))) {
            OnnxTensor out = (OnnxTensor) result.get(SimpleNetOnnxExporter.OUTPUT).orElseThrow();
            assertArrayEquals(new long[] {n, 1}, out.getInfo().getShape());
            float[] scores = new float[n];
            out.getFloatBuffer().get(scores);
            return scores;
        }
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance, what + ": max |diff| = " + worst);
    }
}
