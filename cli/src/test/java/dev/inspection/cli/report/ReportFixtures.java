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
        return input(specs, seed, SIZE, true);
    }

    /**
     * Input with {@code size x size} images; without pixel metrics the evaluation skips the maps (much
     * faster for large sets).
     */
    static ReportInput input(List<Spec> specs, long seed, int size, boolean pixelMetrics) {
        Random random = new Random(seed);
        List<ReportImage> images = new ArrayList<>();
        List<ImageResult> results = new ArrayList<>();
        for (Spec spec : specs) {
            byte[] mask = spec.anomalous() ? blobMask(random, size) : null;
            float[] map = pixelMap(mask, spec.rawScore(), random, size);
            byte[] base = texture(random, size);
            float[] normalised = new float[map.length];
            for (int p = 0; p < map.length; p++) {
                normalised[p] = (float) Math.min(1, Math.max(0, (map[p] - 0.5) / 2.5));
            }
            byte[] heat = Heatmap.jet(normalised, new byte[3 * map.length]);
            byte[] overlay = Heatmap.blend(base, heat, 0.5, new byte[base.length]);
            double normalisedScore = Math.min(1, Math.max(0, 0.5 + (spec.rawScore() - THRESHOLD)));
            images.add(new ReportImage(spec.id(), spec.defectType() + "/" + spec.id() + ".png", "test",
                    spec.anomalous(), spec.defectType(), spec.rawScore(), normalisedScore,
                    spec.rawScore() >= THRESHOLD, PngImages.encodeRgb(overlay, size, size),
                    mask == null ? null : PngImages.encodeMask(mask, size, size),
                    PngImages.encodeRgb(heat, size, size)));
            results.add(new ImageResult(spec.rawScore(), spec.anomalous(), spec.defectType(),
                    pixelMetrics ? map : null, pixelMetrics ? mask : null));
        }
        EvaluationReport evaluation = new Evaluator(size, size).evaluate(results, THRESHOLD);
        Map<String, String> keyFields = new LinkedHashMap<>();
        keyFields.put("backbone", "resnet50 (sha256 ab12)");
        keyFields.put("seed", "42");
        return new ReportInput("bottle \u2013 SimpleNet v3", Instant.parse("2026-11-29T07:30:00Z"),
                new ReportDataset("mvtec-bottle", "bottle", "snap-0007"),
                new ReportModel("bottle-simplenet", "3", "simplenet", MANIFEST, keyFields), evaluation, THRESHOLD,
                images, new ReportTimings(41.5, 312.0, 55.25, Double.NaN));
    }

    /**
     * {@code copies} copies of every image of {@code base} under new ids (same PNG bytes), with an
     * image-level evaluation only: a large test set without the cost of making large images.
     */
    static ReportInput replicated(ReportInput base, int copies) {
        List<ReportImage> images = new ArrayList<>();
        List<ImageResult> results = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (ReportImage image : base.images()) {
                images.add(new ReportImage(image.imageId() + "-" + c, image.sourceName(), image.split(),
                        image.anomalous(), image.defectType(), image.rawScore(), image.normalisedScore(),
                        image.predictedAnomalous(), image.overlayPng(), image.maskPng(), image.heatmapPng()));
                results.add(new ImageResult(image.rawScore(), image.anomalous(), image.defectType(), null, null));
            }
        }
        return new ReportInput(base.title(), base.createdAt(), base.dataset(), base.model(),
                new Evaluator(1, 1).evaluate(results, base.decisionThreshold()), base.decisionThreshold(), images,
                base.timings());
    }

    static ReportInput input() {
        return input(specs(8, 12, 7), 11);
    }

    private static byte[] texture(Random random, int size) {
        byte[] rgb = new byte[3 * size * size];
        int tone = 90 + random.nextInt(60);
        for (int p = 0; p < size * size; p++) {
            int v = tone + ((p / size + p % size) % 16) * 4 + random.nextInt(12);
            rgb[3 * p] = (byte) v;
            rgb[3 * p + 1] = (byte) (v + 10);
            rgb[3 * p + 2] = (byte) (v + 20);
        }
        return rgb;
    }

    private static byte[] blobMask(Random random, int size) {
        byte[] mask = new byte[size * size];
        int cx = size / 4 + random.nextInt(size / 2);
        int cy = size / 4 + random.nextInt(size / 2);
        int r = size / 12 + random.nextInt(size / 10);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    mask[y * size + x] = 1;
                }
            }
        }
        return mask;
    }

    private static float[] pixelMap(byte[] mask, double rawScore, Random random, int size) {
        float[] map = new float[size * size];
        for (int p = 0; p < map.length; p++) {
            boolean defect = mask != null && mask[p] != 0;
            map[p] = (float) ((defect ? rawScore : 0.6) + 0.4 * (random.nextFloat() - 0.5));
        }
        return map;
    }
}
