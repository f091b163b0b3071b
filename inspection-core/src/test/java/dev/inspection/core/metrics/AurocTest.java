package dev.inspection.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AurocTest {

    @Test
    void sklearnDocumentationExample() {
        // sklearn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
        assertEquals(0.75, Auroc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}));
    }

    @Test
    void separatedReversedAndTiedScores() {
        boolean[] labels = {false, false, true, true, true};
        assertEquals(1.0, Auroc.of(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, labels));
        assertEquals(0.0, Auroc.of(new double[] {0.9, 0.8, 0.3, 0.2, 0.1}, labels));
        assertEquals(0.5, Auroc.of(new double[] {0.7, 0.7, 0.7, 0.7, 0.7}, labels));
    }

    @Test
    void tiesAcrossClassesCountHalf() {
        // sklearn: roc_auc_score([0,1,1,0,1,0,0,1,1,0], [.5,.5,.9,.1,.3,.3,.7,.7,.5,.2]) = 0.76
        double[] s = {0.5, 0.5, 0.9, 0.1, 0.3, 0.3, 0.7, 0.7, 0.5, 0.2};
        int[] y = {0, 1, 1, 0, 1, 0, 0, 1, 1, 0};
        assertEquals(0.76, Auroc.of(s, y), 1e-15);
    }

    @Test
    void randomizedAgainstPairwiseReference() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(60);
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            int levels = 1 + random.nextInt(8); // few levels: many ties
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextBoolean();
                scores[i] = random.nextInt(levels) - (labels[i] ? 0 : random.nextInt(2));
            }
            labels[0] = true;
            labels[1] = false;
            assertEquals(NaiveMetrics.auroc(scores, labels), Auroc.of(scores, labels), 1e-12, "trial " + trial);
        }
    }

    @Test
    void pixelAurocEqualsAurocOverTheFlattenedPixels() {
        Random random = new Random(9);
        List<float[]> maps = new ArrayList<>();
        List<byte[]> masks = new ArrayList<>();
        int per = 50;
        double[] flat = new double[3 * per];
        boolean[] labels = new boolean[3 * per];
        for (int m = 0; m < 3; m++) {
            float[] map = new float[per];
            byte[] mask = m == 1 ? null : new byte[per];
            for (int i = 0; i < per; i++) {
                boolean defect = mask != null && random.nextInt(4) == 0;
                if (defect) {
                    mask[i] = (byte) 255;
                }
                map[i] = (float) (random.nextInt(20) + (defect ? 5 : 0)) / 7f;
                flat[m * per + i] = map[i];
                labels[m * per + i] = defect;
            }
            maps.add(map);
            masks.add(mask);
        }
        assertEquals(NaiveMetrics.auroc(flat, labels), Auroc.ofPixels(maps, masks), 1e-12);
    }

    @Test
    void negativeAndPositiveZeroAreTied() {
        List<float[]> maps = List.of(new float[] {-0f, 0f, 1f});
        List<byte[]> masks = List.of(new byte[] {1, 0, 0});
        // positive (-0.0) ties the negative 0.0 and loses to 1.0: (0.5 + 0) / 2
        assertEquals(0.25, Auroc.ofPixels(maps, masks));
    }

    @Test
    void rocCurveIsDownsampledMonotoneAndSpansTheSquare() {
        Random random = new Random(2);
        int n = 5000;
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3) == 0;
            scores[i] = random.nextGaussian() + (labels[i] ? 1 : 0);
        }
        RocCurve curve = Auroc.curve(RankedScores.of(scores, labels), 50);
        assertTrue(curve.size() <= 50 && curve.size() >= 20, "size " + curve.size());
        assertEquals(0.0, curve.fpr()[0]);
        assertEquals(Double.POSITIVE_INFINITY, curve.thresholds()[0]);
        assertEquals(1.0, curve.fpr()[curve.size() - 1]);
        assertEquals(1.0, curve.tpr()[curve.size() - 1]);
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.fpr()[i] >= curve.fpr()[i - 1] && curve.tpr()[i] >= curve.tpr()[i - 1]);
            assertTrue(curve.thresholds()[i] < curve.thresholds()[i - 1]);
            area += (curve.fpr()[i] - curve.fpr()[i - 1]) * (curve.tpr()[i] + curve.tpr()[i - 1]) / 2;
        }
        assertEquals(Auroc.of(scores, labels), area, 0.01);
        // Without downsampling the trapezoids over the curve are the AUROC itself.
        RocCurve full = Auroc.curve(RankedScores.of(scores, labels), 2 * n + 2);
        double fullArea = 0;
        for (int i = 1; i < full.size(); i++) {
            fullArea += (full.fpr()[i] - full.fpr()[i - 1]) * (full.tpr()[i] + full.tpr()[i - 1]) / 2;
        }
        assertEquals(Auroc.of(scores, labels), fullArea, 1e-12);
    }

    @Test
    void rejectsSingleClassNaNAndBadLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auroc.of(new double[] {1, 2}, new boolean[] {true, true}));
        assertEquals("AUROC needs both classes, got 2 anomalous and 0 normal samples", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {1, Double.NaN}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {1, 2}, new int[] {0, 2}));
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {1, 2}, new int[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> Auroc.ofPixels(List.of(new float[] {1, 2}), List.of(new byte[] {1})));
    }
}
