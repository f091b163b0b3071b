package dev.inspection.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final int H = 8;
    private static final int W = 8;

    /** 6 normals, 4 "crack" and 3 "dent" anomalies with square defects; scores loosely separated. */
    private static List<ImageResult> testSet() {
        Random random = new Random(17);
        List<ImageResult> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(new ImageResult(random.nextDouble(), false, "good", noise(random, 0), null));
        }
        for (int i = 0; i < 7; i++) {
            String type = i < 4 ? "crack" : "dent";
            float[] map = noise(random, 0);
            byte[] mask = new byte[H * W];
            int x0 = random.nextInt(5);
            int y0 = random.nextInt(5);
            for (int y = y0; y < y0 + 3; y++) {
                for (int x = x0; x < x0 + 3; x++) {
                    mask[y * W + x] = (byte) 255;
                    map[y * W + x] += type.equals("crack") ? 0.8f : 0.2f;
                }
            }
            images.add(new ImageResult(0.6 + random.nextDouble(), true, type, map, mask));
        }
        return images;
    }

    private static float[] noise(Random random, float shift) {
        float[] map = new float[H * W];
        for (int i = 0; i < map.length; i++) {
            map[i] = random.nextFloat() + shift;
        }
        return map;
    }

    @Test
    void overallMetricsEqualTheIndividualMetricClasses() {
        List<ImageResult> images = testSet();
        EvaluationReport report = new Evaluator(H, W).evaluate(images, 0.8);

        double[] scores = images.stream().mapToDouble(ImageResult::rawImageScore).toArray();
        boolean[] labels = new boolean[images.size()];
        List<float[]> maps = new ArrayList<>();
        List<byte[]> masks = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            labels[i] = images.get(i).anomalous();
            maps.add(images.get(i).pixelMap());
            masks.add(images.get(i).mask());
        }
        MetricSet overall = report.overall();
        assertEquals(13, overall.images());
        assertEquals(7, overall.anomalousImages());
        assertEquals(Auroc.of(scores, labels), overall.imageAuroc());
        assertEquals(F1Max.of(scores, labels), overall.imageF1());
        assertEquals(Auroc.ofPixels(maps, masks), overall.pixelAuroc());
        assertEquals(F1Max.ofPixels(maps, masks), overall.pixelF1());
        assertEquals(Pro.of(maps, masks, H, W), overall.pro(), 1e-12);
        assertEquals(Evaluator.accuracyAt(scores, labels, 0.8), report.imageAccuracyAtThreshold());
        assertTrue(report.imageRoc().size() >= 3);
        assertTrue(report.pixelRoc().size() >= 3 && report.pixelRoc().size() <= Evaluator.DEFAULT_CURVE_POINTS);
        assertEquals(report.pixelRoc().size() - 1, report.pixelPr().size());
        assertEquals(13, Arrays.stream(report.imageHistogram().normal()).sum()
                + Arrays.stream(report.imageHistogram().anomalous()).sum());
    }

    @Test
    void perDefectTypeComparesThatTypeAgainstAllNormals() {
        List<ImageResult> images = testSet();
        EvaluationReport report = new Evaluator(H, W).evaluate(images, Double.NaN);
        assertEquals(List.of("crack", "dent"), new ArrayList<>(report.perDefectType().keySet()));
        List<ImageResult> crackGroup = new ArrayList<>(images.subList(0, 10));
        MetricSet crack = report.perDefectType().get("crack");
        MetricSet expected = new Evaluator(H, W).evaluate(crackGroup, Double.NaN).overall();
        assertEquals(expected, crack);
        assertEquals(10, crack.images());
        assertEquals(4, crack.anomalousImages());
        // Cracks lift their defect pixels by 0.8, dents by 0.2: cracks localise better.
        assertTrue(crack.pro() > report.perDefectType().get("dent").pro());
        assertTrue(Double.isNaN(report.imageAccuracyAtThreshold()));
    }

    @Test
    void anomaliesWithoutMasksAndMissingMapsAreLeftOutOfPixelMetrics() {
        List<ImageResult> images = new ArrayList<>(testSet());
        ImageResult withoutMask = new ImageResult(5.0, true, "crack", new float[H * W], null);
        images.add(withoutMask);
        EvaluationReport report = new Evaluator(H, W).evaluate(images, Double.NaN);
        EvaluationReport reference = new Evaluator(H, W).evaluate(testSet(), Double.NaN);
        assertEquals(reference.overall().pixelAuroc(), report.overall().pixelAuroc());
        assertEquals(reference.overall().pro(), report.overall().pro());
        assertEquals(14, report.overall().images());

        List<ImageResult> imageOnly = List.of(new ImageResult(0.1, false, null, null, null),
                new ImageResult(0.9, true, "x", null, null));
        MetricSet metrics = new Evaluator(H, W).evaluate(imageOnly, Double.NaN).overall();
        assertEquals(1.0, metrics.imageAuroc());
        assertTrue(Double.isNaN(metrics.pixelAuroc()));
        assertTrue(Double.isNaN(metrics.pro()));
    }

    @Test
    void singleClassGivesNaNInsteadOfFailing() {
        List<ImageResult> normals = List.of(new ImageResult(0.1, false, null, new float[H * W], null),
                new ImageResult(0.3, false, null, new float[H * W], null));
        MetricSet metrics = new Evaluator(H, W).evaluate(normals, 0.2).overall();
        assertTrue(Double.isNaN(metrics.imageAuroc()));
        assertTrue(Double.isNaN(metrics.imageF1().f1()));
        assertTrue(Double.isNaN(metrics.pixelAuroc()));
        assertTrue(Double.isNaN(metrics.pro()));
    }

    @Test
    void histogramBinsScoresOverTheirRange() {
        ScoreHistogram histogram = ScoreHistogram.of(new double[] {0, 1, 2, 3, 4, 4},
                new boolean[] {false, false, true, false, true, true}, 4);
        assertEquals(0.0, histogram.min());
        assertEquals(4.0, histogram.max());
        assertArrayEquals(new long[] {1, 1, 0, 1}, histogram.normal());
        assertArrayEquals(new long[] {0, 0, 1, 2}, histogram.anomalous());
        assertEquals(1.0, histogram.binStart(1));
        ScoreHistogram flat = ScoreHistogram.of(new double[] {2, 2}, new boolean[] {true, false}, 3);
        assertArrayEquals(new long[] {1, 0, 0}, flat.normal());
    }

    @Test
    void accuracyAtThresholdCountsCorrectVerdicts() {
        assertEquals(0.75, Evaluator.accuracyAt(new double[] {0.1, 0.5, 0.7, 0.4},
                new boolean[] {false, true, true, true}, 0.5));
    }

    @Test
    void rejectsEmptyInputAndBadSettings() {
        Evaluator evaluator = new Evaluator(H, W);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> evaluator.evaluate(List.of(), Double.NaN));
        assertEquals("no images to evaluate", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Evaluator(H, W, 2, 10, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new Evaluator(H, W, 10, 10, 1.5));
        List<ImageResult> wrongSize = List.of(new ImageResult(0.1, false, null, new float[3], null),
                new ImageResult(0.9, true, "x", new float[3], new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(wrongSize, Double.NaN));
    }
}
