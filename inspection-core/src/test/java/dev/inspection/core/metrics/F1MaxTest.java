package dev.inspection.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class F1MaxTest {

    private static final double[] TIED_SCORES = {0.5, 0.5, 0.9, 0.1, 0.3, 0.3, 0.7, 0.7, 0.5, 0.2};
    private static final boolean[] TIED_LABELS = {false, true, true, false, true, false, false, true, true, false};

    @Test
    void precisionRecallCurveMatchesSklearnExample() {
        // sklearn precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        PrCurve curve = PrecisionRecall.curve(new double[] {0.1, 0.4, 0.35, 0.8},
                new boolean[] {false, false, true, true});
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 0.5, 1, 1}, curve.precision(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0}, curve.recall(), 1e-15);
        assertArrayEquals(new double[] {0.1, 0.35, 0.4, 0.8}, curve.thresholds(), 0);
    }

    @Test
    void precisionRecallCurveWithTiesMatchesSklearn() {
        PrCurve curve = PrecisionRecall.curve(TIED_SCORES, TIED_LABELS);
        assertArrayEquals(new double[] {0.5, 0.5555555555555556, 0.625, 2.0 / 3, 2.0 / 3, 1, 1},
                curve.precision(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1, 0.8, 0.4, 0.2, 0}, curve.recall(), 1e-15);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.5, 0.7, 0.9}, curve.thresholds(), 0);
    }

    @Test
    void downsampledCurveOfARankingKeepsFullResolutionWhenThereIsRoom() {
        PrCurve curve = PrecisionRecall.curve(RankedScores.of(TIED_SCORES, TIED_LABELS), 20);
        // decreasing thresholds: the sklearn curve reversed, without its final (1, 0) point
        assertArrayEquals(new double[] {0.9, 0.7, 0.5, 0.3, 0.2, 0.1}, curve.thresholds(), 0);
        assertArrayEquals(new double[] {1, 2.0 / 3, 2.0 / 3, 0.625, 0.5555555555555556, 0.5}, curve.precision(), 1e-15);
        assertArrayEquals(new double[] {0.2, 0.4, 0.8, 1, 1, 1}, curve.recall(), 1e-15);
        assertThrows(IllegalArgumentException.class,
                () -> PrecisionRecall.curve(RankedScores.of(TIED_SCORES, TIED_LABELS), 2));
    }

    @Test
    void f1MaxAndThresholdOfSklearnExamples() {
        F1Result example = F1Max.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertEquals(0.8, example.f1(), 1e-15);
        assertEquals(0.35, example.threshold());
        assertEquals(2.0 / 3, example.precision(), 1e-15);
        assertEquals(1.0, example.recall());
        // sklearn F1 over the tied curve: [.667, .714, .769, .727, .5, .333, 0] -> 0.769 at 0.3
        F1Result tied = F1Max.of(TIED_SCORES, TIED_LABELS);
        assertEquals(0.7692307692307693, tied.f1(), 1e-15);
        assertEquals(0.3, tied.threshold());
    }

    @Test
    void equalF1KeepsTheLowerThresholdLikeSklearnArgmax() {
        // threshold 0.9 -> P 1, R 0.5, F1 2/3; threshold 0.2 -> P 0.5, R 1, F1 2/3; 0.1 -> 4/7
        F1Result result = F1Max.of(new double[] {0.9, 0.2, 0.2, 0.2, 0.1},
                new boolean[] {true, true, false, false, false});
        assertEquals(2.0 / 3, result.f1(), 1e-15);
        assertEquals(0.2, result.threshold());
    }

    @Test
    void randomizedAgainstPerThresholdReference() {
        Random random = new Random(13);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(50);
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextBoolean();
                scores[i] = random.nextInt(1 + random.nextInt(10)) + (labels[i] ? random.nextInt(3) : 0);
            }
            labels[0] = true;
            double[] expected = NaiveMetrics.f1Max(scores, labels);
            F1Result actual = F1Max.of(scores, labels);
            assertEquals(expected[0], actual.f1(), 1e-12, "trial " + trial);
            assertEquals(expected[1], actual.threshold(), "trial " + trial);
        }
    }

    @Test
    void pixelF1MaxUsesAllPixels() {
        // the normal image's two 0.2 pixels tie the F1 at 0.2 with the one at 0.9 (2/3 each)
        List<float[]> maps = List.of(new float[] {0.9f, 0.2f}, new float[] {0.2f, 0.2f});
        List<byte[]> masks = java.util.Arrays.asList(new byte[] {1, 1}, null);
        F1Result result = F1Max.ofPixels(maps, masks);
        assertEquals(2.0 / 3, result.f1(), 1e-7);
        assertEquals(0.2f, (float) result.threshold());
    }

    @Test
    void rejectsSetsWithoutAnomalies() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F1Max.of(new double[] {1, 2}, new boolean[] {false, false}));
        assertEquals("F1 needs at least one anomalous sample", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PrecisionRecall.curve(new double[] {1}, new boolean[] {false}));
    }
}
