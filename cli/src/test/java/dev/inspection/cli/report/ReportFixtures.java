package dev.inspection.cli.report;

import dev.inspection.core.metrics.EvaluationReport;
import dev.inspection.core.metrics.Evaluator;
import dev.inspection.core.metrics.ImageResult;
import dev.inspection.core.postprocess.Heatmap;
import dev.inspection.core.postprocess.PngImages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic report input: small textured images, pixel maps with a bright blob where the mask is, and
 * image scores that separate the classes except for planted mistakes.
 */
final class ReportFixtures {

    static final int SIZE = 64;
    static final double THRESHOLD = 1.5;
    static final String MANIFEST = """
            {
              "method": "simplenet",
              "backbone": {"name": "resnet50", "sha256": "ab12"},
              "calibration": {"imageThreshold": 1.5, "imageScale": 0.5},
              "seed": "42"
            }""";

    /** One planned image: label, defect type and raw score. */
    record Spec(String id, boolean anomalous, String defectType, double rawScore) {
    }

    private ReportFixtures() {
    }

    /**
     * {@code normals} normal and {@code anomalous} anomalous images over two defect types; the first
     * normal image scores above the threshold (a false positive) and the first anomalous image below it
     * (a false negative).
     */
    static List<Spec> specs(int normals, int anomalous, long seed) {
        Random random = new Random(seed);
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < normals; i++) {
            double score = i == 0 ? 1.9 : 1.0 + 0.15 * random.nextGaussian();
            specs.add(new Spec(String.format("n%03d", i), false, "good", Math.min(score, i == 0 ? 9 : 1.45)));
        }
        for (int i = 0; i < anomalous; i++) {
            double score = i == 0 ? 1.2 : 2.2 + 0.3 * random.nextGaussian();
            specs.add(new Spec(String.format("a%03d", i), true, i % 2 == 0 ? "broken_large" : "contamination",
                    i == 0 ? score : Math.max(score, 1.55)));
        }
        return specs;
    }

    static ReportInput input(List<Spec> specs, long seed) {
        Random random = new Random(seed);
        List<ReportImage> images = new ArrayList<>();
        List<ImageResult> results = new ArrayList<>();
        for (Spec spec : specs) {
            byte[] mask = spec.anomalous() ? blobMask(random) : null;
            float[] map = pixelMap(mask, spec.rawScore(), random);
            byte[] base = texture(random);
            float[] normalised = new float[map.length];
            for (int p = 0; p < map.length; p++) {
                normalised[p] = (float) Math.min(1, Math.max(0, (map[p] - 0.5) / 2.5));
            }
            byte[] heat = Heatmap.jet(normalised, new byte[3 * map.length]);
            byte[] overlay = Heatmap.blend(base, heat, 0.5, new byte[base.length]);
            double normalisedScore = Math.min(1, Math.max(0, 0.5 + (spec.rawScore() - THRESHOLD)));
            images.add(new ReportImage(spec.id(), spec.defectType() + "/" + spec.id() + ".png", "test",
                    spec.anomalous(), spec.defectType(), spec.rawScore(), normalisedScore,
                    spec.rawScore() >= THRESHOLD, PngImages.encodeRgb(overlay, SIZE, SIZE),
                    mask == null ? null : PngImages.encodeMask(mask, SIZE, SIZE),
                    PngImages.encodeRgb(heat, SIZE, SIZE)));
            results.add(new ImageResult(spec.rawScore(), spec.anomalous(), spec.defectType(), map, mask));
        }
        EvaluationReport evaluation = new Evaluator(SIZE, SIZE).evaluate(results, THRESHOLD);
        Map<String, String> keyFields = new LinkedHashMap<>();
        keyFields.put("backbone", "resnet50 (sha256 ab12)");
        keyFields.put("seed", "42");
        return new ReportInput("bottle \u2013 SimpleNet v3", Instant.parse("2026-11-29T07:30:00Z"),
                new ReportDataset("mvtec-bottle", "bottle", "snap-0007"),
                new ReportModel("bottle-simplenet", "3", "simplenet", MANIFEST, keyFields), evaluation, THRESHOLD,
                images, new ReportTimings(41.5, 312.0, 55.25, Double.NaN));
    }

    static ReportInput input() {
        return input(specs(8, 12, 7), 11);
    }

    private static byte[] texture(Random random) {
        byte[] rgb = new byte[3 * SIZE * SIZE];
        int tone = 90 + random.nextInt(60);
        for (int p = 0; p < SIZE * SIZE; p++) {
            int v = tone + ((p / SIZE + p % SIZE) % 16) * 4 + random.nextInt(12);
            rgb[3 * p] = (byte) v;
            rgb[3 * p + 1] = (byte) (v + 10);
            rgb[3 * p + 2] = (byte) (v + 20);
        }
        return rgb;
    }

    private static byte[] blobMask(Random random) {
        byte[] mask = new byte[SIZE * SIZE];
        int cx = 16 + random.nextInt(32);
        int cy = 16 + random.nextInt(32);
        int r = 5 + random.nextInt(6);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    mask[y * SIZE + x] = 1;
                }
            }
        }
        return mask;
    }

    private static float[] pixelMap(byte[] mask, double rawScore, Random random) {
        float[] map = new float[SIZE * SIZE];
        for (int p = 0; p < map.length; p++) {
            boolean defect = mask != null && mask[p] != 0;
            map[p] = (float) ((defect ? rawScore : 0.6) + 0.2 * random.nextGaussian());
        }
        return map;
    }
}
