package dev.inspection.core.postprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds defect regions in a normalised pixel map: the 8-connected components of
 * {@code map >= decisionLine}, with bounding box, area, peak score and centroid; regions smaller than
 * a minimum area are dropped; the rest are sorted by peak score, highest first (ties: larger area
 * first, then top-to-bottom, left-to-right).
 *
 * <p>An instance owns reusable buffers for one map size and is not thread-safe; use one per thread.
 */
public final class DefectRegions {

    /** Default minimum region area in pixels (the scoring API's default). */
    public static final int DEFAULT_MIN_AREA = 16;

    private static final Comparator<DefectRegion> ORDER = Comparator
            .comparingDouble((DefectRegion r) -> r.peakScore()).reversed()
            .thenComparing(Comparator.comparingInt(DefectRegion::area).reversed())
            .thenComparingInt(DefectRegion::y)
            .thenComparingInt(DefectRegion::x);

    private final int height;
    private final int width;
    private final byte[] mask;
    private final int[] labels;
    private final int[] stack;

    /** Buffers for maps of {@code height x width}. */
    public DefectRegions(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        int n = height * width;
        this.mask = new byte[n];
        this.labels = new int[n];
        this.stack = new int[n];
    }

    /**
     * Writes the binary mask {@code map >= decisionLine} as 0 / 255 bytes (ready for an 8-bit PNG).
     *
     * @return {@code out}
     */
    public static byte[] binaryMask(float[] normalisedMap, double decisionLine, byte[] out) {
        if (normalisedMap == null || out == null || out.length < normalisedMap.length) {
            throw new IllegalArgumentException("mask output must be at least as long as the map");
        }
        for (int i = 0; i < normalisedMap.length; i++) {
            out[i] = normalisedMap[i] >= decisionLine ? (byte) 255 : 0;
        }
        return out;
    }

    /**
     * Regions of {@code normalisedMap >= decisionLine}.
     *
     * @param normalisedMap [height, width] normalised pixel scores
     * @param decisionLine  pixels at or above it are defective (0.5 at the calibrated threshold)
     * @param minArea       regions with fewer pixels are dropped (0 keeps all)
     * @throws IllegalArgumentException if the map has the wrong length, or minArea is negative
     */
    public List<DefectRegion> find(float[] normalisedMap, double decisionLine, int minArea) {
        if (normalisedMap == null || normalisedMap.length != height * width) {
            throw new IllegalArgumentException("map must hold " + height * width + " values, got "
                    + (normalisedMap == null ? "null" : normalisedMap.length));
        }
        if (minArea < 0) {
            throw new IllegalArgumentException("minArea must be >= 0, got " + minArea);
        }
        binaryMask(normalisedMap, decisionLine, mask);
        int count = ConnectedComponents.label(mask, height, width, labels, stack);
        if (count == 0) {
            return List.of();
        }
        RegionStats stats = new RegionStats(count);
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                int label = labels[p];
                if (label != 0) {
                    stats.add(label, x, y, normalisedMap[p]);
                }
            }
        }
        List<DefectRegion> regions = new ArrayList<>(count);
        for (int label = 1; label <= count; label++) {
            if (stats.area[label] >= minArea) {
                regions.add(stats.region(label));
            }
        }
        regions.sort(ORDER);
        return regions;
    }

    /** Per-label accumulators in parallel primitive arrays (index = label). */
    private static final class RegionStats {
        final int[] minX;
        final int[] minY;
        final int[] maxX;
        final int[] maxY;
        final int[] area;
        final float[] peak;
        final long[] sumX;
        final long[] sumY;

        RegionStats(int count) {
            int n = count + 1;
            minX = new int[n];
            minY = new int[n];
            maxX = new int[n];
            maxY = new int[n];
            area = new int[n];
            peak = new float[n];
            sumX = new long[n];
            sumY = new long[n];
            Arrays.fill(minX, Integer.MAX_VALUE);
            Arrays.fill(minY, Integer.MAX_VALUE);
            Arrays.fill(peak, Float.NEGATIVE_INFINITY);
        }

        void add(int label, int x, int y, float score) {
            if (x < minX[label]) {
                minX[label] = x;
            }
            if (x > maxX[label]) {
                maxX[label] = x;
            }
            if (y < minY[label]) {
                minY[label] = y;
            }
            maxY[label] = y; // rows are visited in increasing order
            if (score > peak[label]) {
                peak[label] = score;
            }
            area[label]++;
            sumX[label] += x;
            sumY[label] += y;
        }

        DefectRegion region(int label) {
            int a = area[label];
            return new DefectRegion(minX[label], minY[label], maxX[label] - minX[label] + 1,
                    maxY[label] - minY[label] + 1, a, peak[label],
                    (float) ((double) sumX[label] / a), (float) ((double) sumY[label] / a));
        }
    }
}
