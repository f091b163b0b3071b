package dev.inspection.training.simplenet;

import dev.inspection.training.features.InMemoryFeatureTable;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.JobCancelledException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimpleNetTrainerTest {

    private static final int DIM = 16;
    private final SyntheticFeatures synthetic = new SyntheticFeatures(DIM, 11);
    private final InMemoryFeatureTable table = synthetic.table(8, 64, 5);

    /** Small, fast recipe: the cpu preset with a tiny head, more steps per second and larger rates. */
    private static SimpleNetConfig tiny(int steps, long seed) {
        return SimpleNetConfig.cpu().with(Map.of("hiddenDim", "32", "patchesPerStep", "128",
                "steps", Integer.toString(steps), "adaptorLr", "1e-3", "discriminatorLr", "2e-3",
                "noiseSampleRows", "400", "seed", Long.toString(seed)));
    }

    @Test
    void learnsToSeparateNormalFromNoisyFeatures() {
        List<TrainingProgress> steps = new ArrayList<>();
        TrainedSimpleNet model = new SimpleNetTrainer().train(table, tiny(300, 1), steps::add, null);

        assertEquals(300, steps.size());
        double early = steps.subList(0, 20).stream().mapToDouble(TrainingProgress::loss).average().orElseThrow();
        double late = steps.subList(280, 300).stream().mapToDouble(TrainingProgress::loss).average().orElseThrow();
        assertTrue(late < 0.5 * early, "loss should drop: first 20 steps " + early + ", last 20 " + late);
        TrainingProgress last = steps.get(299);
        assertTrue(last.meanNormal() > last.meanNoisy(), "D(normal) " + last.meanNormal() + " vs D(noisy) "
                + last.meanNoisy());

        // unseen rows: eval-mode scores (-D) of normal rows are lower than of the same rows plus noise
        float[] normal = synthetic.normalRows(500, 99);
        float[] noisy = synthetic.perturbed(normal, model.summary().noiseStd() * 3, 7);
        double normalScore = mean(model.scorePatches(normal, 500));
        double noisyScore = mean(model.scorePatches(noisy, 500));
        assertTrue(normalScore < noisyScore, "score normal " + normalScore + " vs noisy " + noisyScore);
    }

    @Test
    void relativeNoiseRuleScalesTheMeasuredSpread() {
        TrainedSimpleNet model = new SimpleNetTrainer().train(table, tiny(2, 3), ProgressListener.NONE,
                null);
        TrainedSimpleNet.TrainingSummary s = model.summary();
        assertTrue(s.adaptedSpread() > 0);
        assertEquals(0.1775 * s.adaptedSpread(), s.noiseStd(), 1e-12);
        TrainedSimpleNet fixed = new SimpleNetTrainer().train(table,
                tiny(2, 3).with(Map.of("noise", "fixed", "noiseStd", "0.03")), ProgressListener.NONE,
                null);
        assertEquals(0.03, fixed.summary().noiseStd());
        assertTrue(Double.isNaN(fixed.summary().adaptedSpread()));
    }

    @Test
    void sameSeedRepeatsExactlyAndAnotherSeedDiffers() {
        SimpleNetWeights a = new SimpleNetTrainer().train(table, tiny(15, 4), null, null).weights();
        SimpleNetWeights b = new SimpleNetTrainer().train(table, tiny(15, 4), null, null).weights();
        SimpleNetWeights c = new SimpleNetTrainer().train(table, tiny(15, 5), null, null).weights();
        assertArrayEquals(a.adaptorWeight(), b.adaptorWeight());
        assertArrayEquals(a.hiddenWeight(), b.hiddenWeight());
        assertArrayEquals(a.bnRunningVar(), b.bnRunningVar());
        assertArrayEquals(a.outputWeight(), b.outputWeight());
        assertFalse(Arrays.equals(a.outputWeight(), c.outputWeight()));
    }

    @Test
    void cancellationStopsBeforeTheNextStep() {
        AtomicInteger seen = new AtomicInteger();
        CancellationToken token = new CancellationToken("j1");
        JobCancelledException e = assertThrows(JobCancelledException.class,
                () -> new SimpleNetTrainer().train(table, tiny(50, 1), p -> {
                    seen.set(p.step());
                    if (p.step() == 3) {
                        token.cancel();
                    }
                }, token));
        assertEquals(3, seen.get());
        assertEquals("job j1 was cancelled after 3 of 50 training steps", e.getMessage());
    }

    @Test
    void progressReportsEveryStepWithEta() {
        List<TrainingProgress> steps = new ArrayList<>();
        new SimpleNetTrainer().train(table, tiny(4, 1), steps::add, null);
        assertEquals(List.of(1, 2, 3, 4), steps.stream().map(TrainingProgress::step).toList());
        assertTrue(steps.stream().allMatch(p -> p.totalSteps() == 4 && Double.isFinite(p.loss())
                && p.pTrue() >= 0 && p.pTrue() <= 1 && !p.eta().isNegative()));
        assertEquals(0, steps.get(3).eta().toNanos());
    }

    @Test
    void wholeImageBatchesRunTheConfiguredPasses() {
        SimpleNetConfig config = SimpleNetConfig.paper().with(Map.of("hiddenDim", "32", "metaEpochs", "2",
                "ganEpochs", "1", "imagesPerBatch", "3"));
        List<TrainingProgress> steps = new ArrayList<>();
        TrainedSimpleNet model = new SimpleNetTrainer().train(table, config, steps::add, null);
        // 8 images in batches of 3 -> 3 batches per pass, 2 passes
        assertEquals(6, steps.size());
        assertEquals(List.of(0, 0, 0, 1, 1, 1), steps.stream().map(TrainingProgress::epoch).toList());
        assertEquals(0.015, model.summary().noiseStd());
    }

    @Test
    void rejectsFeaturesThatCannotTrain() {
        InMemoryFeatureTable one = new InMemoryFeatureTable(new float[DIM], 1, 1, DIM);
        assertThrows(IllegalArgumentException.class, () -> new SimpleNetTrainer().train(one, tiny(1, 1), null, null));
    }

    private static double mean(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }
}
