package dev.inspection.core.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the evaluation of a model on a labelled test set: image AUROC and F1-max, pixel AUROC and
 * F1-max, standard PRO, per defect type (that type's anomalies against all normal images), a score
 * histogram and downsampled ROC / PR curves. Pixel metrics use the images that have a pixel map and
 * pixel ground truth (normal images, and anomalous images with a mask). Immutable and thread-safe.
 */
public final class Evaluator {

    public static final int DEFAULT_CURVE_POINTS = 200;
    public static final int DEFAULT_HISTOGRAM_BINS = 50;

    private final int mapHeight;
    private final int mapWidth;
    private final int curvePoints;
    private final int histogramBins;
    private final double proFprLimit;

    /** Evaluator for maps of {@code mapHeight x mapWidth} with the default curve size, bins and FPR 0.3. */
    public Evaluator(int mapHeight, int mapWidth) {
        this(mapHeight, mapWidth, DEFAULT_CURVE_POINTS, DEFAULT_HISTOGRAM_BINS, ThresholdSweep.DEFAULT_PRO_FPR_LIMIT);
    }

    /**
     * @throws IllegalArgumentException on a non-positive map size or bin count, fewer than 3 curve
     *                                  points, or an FPR limit outside (0, 1]
     */
    public Evaluator(int mapHeight, int mapWidth, int curvePoints, int histogramBins, double proFprLimit) {
        if (mapHeight <= 0 || mapWidth <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + mapHeight + "x" + mapWidth);
        }
        if (curvePoints < 3) {
            throw new IllegalArgumentException("curvePoints must be >= 3, got " + curvePoints);
        }
        if (histogramBins <= 0) {
            throw new IllegalArgumentException("histogramBins must be positive, got " + histogramBins);
        }
        if (!(proFprLimit > 0 && proFprLimit <= 1)) {
            throw new IllegalArgumentException("proFprLimit must be in (0, 1], got " + proFprLimit);
        }
        this.mapHeight = mapHeight;
        this.mapWidth = mapWidth;
        this.curvePoints = curvePoints;
        this.histogramBins = histogramBins;
        this.proFprLimit = proFprLimit;
    }

    /**
     * Evaluates the images.
     *
     * @param images               test images (at least one)
     * @param calibrationThreshold raw image threshold for the accuracy figure; NaN to skip it
     * @throws IllegalArgumentException on an empty list, a null entry, or maps / masks of the wrong size
     */
    public EvaluationReport evaluate(List<ImageResult> images, double calibrationThreshold) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("no images to evaluate");
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) {
                throw new IllegalArgumentException("image " + i + " is null");
            }
        }
        List<ImageResult> normals = new ArrayList<>();
        List<ImageResult> untyped = new ArrayList<>();
        Map<String, List<ImageResult>> byType = new TreeMap<>();
        for (ImageResult image : images) {
            if (!image.anomalous()) {
                normals.add(image);
            } else if (image.defectType() != null && !image.defectType().isBlank()) {
                byType.computeIfAbsent(image.defectType(), k -> new ArrayList<>()).add(image);
            } else {
                untyped.add(image);
            }
        }
        // Every pixel is sorted once, per group; the reported groups are linear merges of those.
        RankedScores normalPixels = rankPixels(normals);
        RankedScores allPixels = merge(normalPixels, rankPixels(untyped));
        Map<String, MetricSet> perType = new TreeMap<>();
        for (Map.Entry<String, List<ImageResult>> entry : byType.entrySet()) {
            RankedScores typePixels = rankPixels(entry.getValue());
            allPixels = merge(allPixels, typePixels);
            List<ImageResult> group = new ArrayList<>(normals);
            group.addAll(entry.getValue());
            perType.put(entry.getKey(), evaluateGroup(group, merge(normalPixels, typePixels), false).metrics);
        }
        GroupResult overall = evaluateGroup(images, allPixels, true);

        double[] scores = new double[images.size()];
        boolean[] labels = new boolean[images.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = images.get(i).rawImageScore();
            labels[i] = images.get(i).anomalous();
        }
        double accuracy = Double.isNaN(calibrationThreshold) ? Double.NaN
                : accuracyAt(scores, labels, calibrationThreshold);
        return new EvaluationReport(overall.metrics, Collections.unmodifiableMap(perType), accuracy,
                ScoreHistogram.of(scores, labels, histogramBins), overall.imageRoc, overall.imagePr,
                overall.pixelRoc, overall.pixelPr);
    }

    /** Fraction of images whose {@code score >= threshold} verdict matches the label. */
    public static double accuracyAt(double[] scores, boolean[] anomalous, double threshold) {
        if (scores.length == 0 || scores.length != anomalous.length) {
            throw new IllegalArgumentException("scores and labels must be non-empty and of equal length");
        }
        int correct = 0;
        for (int i = 0; i < scores.length; i++) {
            if ((scores[i] >= threshold) == anomalous[i]) {
                correct++;
            }
        }
        return (double) correct / scores.length;
    }

    /** Pixel ranking (with regions) of the images that have a map and pixel ground truth; null if none. */
    private RankedScores rankPixels(List<ImageResult> images) {
        List<float[]> maps = new ArrayList<>();
        List<byte[]> masks = new ArrayList<>();
        for (ImageResult image : images) {
            boolean hasPixelTruth = !image.anomalous() || image.mask() != null;
            if (image.pixelMap() != null && hasPixelTruth) {
                maps.add(image.pixelMap());
                masks.add(image.anomalous() ? image.mask() : null);
            }
        }
        return maps.isEmpty() ? null : RankedScores.ofPixelsWithRegions(maps, masks, mapHeight, mapWidth);
    }

    private static RankedScores merge(RankedScores a, RankedScores b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : RankedScores.merge(a, b);
    }

    private GroupResult evaluateGroup(List<ImageResult> group, RankedScores pixels, boolean withCurves) {
        int points = withCurves ? curvePoints : 0;
        double[] scores = new double[group.size()];
        boolean[] labels = new boolean[group.size()];
        int anomalous = 0;
        for (int i = 0; i < group.size(); i++) {
            scores[i] = group.get(i).rawImageScore();
            labels[i] = group.get(i).anomalous();
            if (labels[i]) {
                anomalous++;
            }
        }
        SweepResult imageSweep = ThresholdSweep.sweep(RankedScores.of(scores, labels), points, proFprLimit);
        GroupResult result = new GroupResult();
        result.imageRoc = imageSweep.roc();
        result.imagePr = imageSweep.pr();
        double pixelAuroc = Double.NaN;
        double pro = Double.NaN;
        F1Result pixelF1 = new F1Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        result.pixelRoc = new RocCurve(new double[0], new double[0], new double[0]);
        result.pixelPr = new PrCurve(new double[0], new double[0], new double[0]);
        if (pixels != null) {
            SweepResult pixelSweep = ThresholdSweep.sweep(pixels, points, proFprLimit);
            pixelAuroc = pixelSweep.auroc();
            pixelF1 = pixelSweep.f1();
            pro = pixelSweep.pro();
            result.pixelRoc = pixelSweep.roc();
            result.pixelPr = pixelSweep.pr();
        }
        result.metrics = new MetricSet(group.size(), anomalous, imageSweep.auroc(), imageSweep.f1(),
                pixelAuroc, pixelF1, pro);
        return result;
    }

    private static final class GroupResult {
        MetricSet metrics;
        RocCurve imageRoc;
        PrCurve imagePr;
        RocCurve pixelRoc;
        PrCurve pixelPr;
    }
}
