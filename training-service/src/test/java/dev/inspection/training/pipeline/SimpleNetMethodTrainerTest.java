package dev.inspection.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.training.evaluation.OnnxHeadScorer;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.JobCancelledException;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.jobs.TrainingStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter over the DJL trainer: progress, cancellation, and ONNX head parity with the trainer's scorer. */
class SimpleNetMethodTrainerTest {

    private static final int IMAGES = 3;
    private static final int ROWS = 16;
    private static final int DIM = 32;

    @TempDir
    Path export;

    private static FeatureRows randomRows(float[] data) {
        return new FeatureRows() {
            public int images() {
                return IMAGES;
            }

            public int rowsPerImage() {
                return ROWS;
            }

            public int dim() {
                return DIM;
            }

            public void read(int index, float[] dest, int offset) {
                System.arraycopy(data, index * ROWS * DIM, dest, offset, ROWS * DIM);
            }
        };
    }

    private static float[] data() {
        SplittableRandom random = new SplittableRandom(5);
        float[] data = new float[IMAGES * ROWS * DIM];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return data;
    }

    private static SortedMap<String, String> config() {
        return Presets.resolve("cpu", Map.of("steps", "4", "patches_per_step", "16", "hidden_dim", "8",
                "noise_sample_rows", "32"), 11);
    }

    @Test
    void exportedHeadScoresLikeTheTrainedNetworkAndReportsEverySteps() throws Exception {
        float[] data = data();
        List<TrainingStep> steps = new ArrayList<>();
        SimpleNetMethodTrainer trainer = new SimpleNetMethodTrainer();
        try (MethodTrainer.TrainedHead head = trainer.train(randomRows(data), config(), 11, steps::add,
                new CancellationToken("t"))) {
            assertEquals(4, steps.size());
            assertEquals(4, steps.get(3).step());
            assertEquals(4, steps.get(3).steps());
            assertTrue(Double.isFinite(steps.get(3).loss()));
            assertTrue(head.calibrationConstants().get("noise_std") > 0);

            List<MethodTrainer.Artifact> artifacts = head.exportOnnx(export);
            assertEquals(List.of(new MethodTrainer.Artifact("head", "head.onnx", List.of("embeddings"),
                    List.of("patch_scores"))), artifacts);
            float[] onnx = new float[ROWS];
            try (OnnxHeadScorer scorer = new OnnxHeadScorer(export.resolve("head.onnx"))) {
                scorer.score(data, ROWS, DIM, onnx);
            }
            float[] reference = ((SimpleNetMethodTrainer.Head) head).trained().scorePatches(data, ROWS);
            for (int i = 0; i < ROWS; i++) {
                assertEquals(reference[i], onnx[i], 1e-4 * Math.max(1, Math.abs(reference[i])), "patch " + i);
            }
        }
    }

    @Test
    void cancellationStopsTrainingAsAJobCancellation() {
        CancellationToken token = new CancellationToken("t");
        token.cancel();
        assertThrows(JobCancelledException.class, () -> new SimpleNetMethodTrainer().train(randomRows(data()), config(),
                11, s -> { }, token));
    }
}
