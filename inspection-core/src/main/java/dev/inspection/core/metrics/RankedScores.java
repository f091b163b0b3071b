package dev.inspection.core.metrics;

import dev.inspection.core.postprocess.ConnectedComponents;
import java.util.Arrays;
import java.util.List;

/**
 * Scores of a binary problem (positive = anomalous), sorted ascending per class, ready for
 * {@link ThresholdSweep}. Optionally carries, per positive, the index of its ground-truth region and
 * the region areas, which turn detected positive pixels into the PRO overlap.
 * Ranked sets of disjoint image groups can be {@linkplain #merge merged} in linear time, so an
 * evaluation sorts every pixel once however many groups it reports.
 *
 * <p>Pixel inputs are {@code float} maps with {@code byte} masks (non-zero = anomalous; a {@code null}
 * mask = all normal). Float scores are widened to {@code double} exactly, so ties are kept.
 * NaN scores are rejected.
 */
public final class RankedScores {

    final double[] positives;
    final double[] negatives;
    /** Region index of each positive (aligned with {@link #positives}), or null without regions. */
    final int[] positiveRegion;
    /** Pixel count per region, or null without regions. */
    final int[] regionArea;

    private RankedScores(double[] positives, double[] negatives, int[] positiveRegion, int[] regionArea) {
        this.positives = positives;
        this.negatives = negatives;
        this.positiveRegion = positiveRegion;
        this.regionArea = regionArea;
    }

    /** Number of positive (anomalous) samples. */
    public int positiveCount() {
        return positives.length;
    }

    /** Number of negative (normal) samples. */
    public int negativeCount() {
        return negatives.length;
    }

    /** Number of ground-truth regions, or 0 when built without regions. */
    public int regionCount() {
        return regionArea == null ? 0 : regionArea.length;
    }

    /**
     * The union of two rankings of disjoint samples (e.g. normal images and one defect type), by a
     * linear merge. Regions (renumbered: b's follow a's) are kept when both carry them.
     */
    public static RankedScores merge(RankedScores a, RankedScores b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("cannot merge a null ranking");
        }
        double[] negatives = mergeSorted(a.negatives, b.negatives);
        if (a.regionArea == null || b.regionArea == null) {
            return new RankedScores(mergeSorted(a.positives, b.positives), negatives, null, null);
        }
        int aCount = a.regionArea.length;
        int[] area = new int[aCount + b.regionArea.length];
        System.arraycopy(a.regionArea, 0, area, 0, aCount);
        System.arraycopy(b.regionArea, 0, area, aCount, b.regionArea.length);
        int n = a.positives.length + b.positives.length;
        double[] positives = new double[n];
        int[] region = new int[n];
        int i = 0;
        int j = 0;
        for (int k = 0; k < n; k++) {
            if (j >= b.positives.length || (i < a.positives.length && a.positives[i] <= b.positives[j])) {
                positives[k] = a.positives[i];
                region[k] = a.positiveRegion[i++];
            } else {
                positives[k] = b.positives[j];
                region[k] = aCount + b.positiveRegion[j++];
            }
        }
        return new RankedScores(positives, negatives, region, area);
    }

    private static double[] mergeSorted(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
        }
        return out;
    }

    /** Image-level scores with boolean labels (true = anomalous). */
    public static RankedScores of(double[] scores, boolean[] anomalous) {
        if (scores == null || anomalous == null || scores.length != anomalous.length) {
            throw new IllegalArgumentException("scores and labels must be non-null and of equal length, got "
                    + (scores == null ? "null" : scores.length) + " and "
                    + (anomalous == null ? "null" : anomalous.length));
        }
        int p = 0;
        for (boolean a : anomalous) {
            if (a) {
                p++;
            }
        }
        double[] pos = new double[p];
        double[] neg = new double[scores.length - p];
        int ip = 0;
        int in = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("score at index " + i + " is NaN");
            }
            if (anomalous[i]) {
                pos[ip++] = s;
            } else {
                neg[in++] = s;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        return new RankedScores(pos, neg, null, null);
    }

    /** Image-level scores with 0/1 labels (1 = anomalous). */
    public static RankedScores of(double[] scores, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels is null");
        }
        boolean[] anomalous = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label at index " + i + " must be 0 or 1, got " + labels[i]);
            }
            anomalous[i] = labels[i] == 1;
        }
        return of(scores, anomalous);
    }

    /**
     * Pixel-level scores of several maps; {@code masks.get(i)} is the ground truth of
     * {@code maps.get(i)} (same length; {@code null} = all normal).
     */
    public static RankedScores ofPixels(List<float[]> maps, List<byte[]> masks) {
        checkPixelInputs(maps, masks, -1);
        long p = 0;
        long total = 0;
        for (int m = 0; m < maps.size(); m++) {
            total += maps.get(m).length;
            p += countForeground(masks.get(m));
        }
        int[] posKeys = new int[toIntSize(p)];
        int[] negKeys = new int[toIntSize(total - p)];
        int ip = 0;
        int in = 0;
        for (int m = 0; m < maps.size(); m++) {
            float[] map = maps.get(m);
            byte[] mask = masks.get(m);
            for (int i = 0; i < map.length; i++) {
                float s = map[i];
                if (s != s) {
                    throw new IllegalArgumentException("map " + m + " has NaN at pixel " + i);
                }
                if (mask != null && mask[i] != 0) {
                    posKeys[ip++] = sortableKey(s);
                } else {
                    negKeys[in++] = sortableKey(s);
                }
            }
        }
        double[] pos = sortedScores(posKeys);
        double[] neg = sortedScores(negKeys);
        return new RankedScores(pos, neg, null, null);
    }

    /**
     * Pixel-level scores with ground-truth regions for PRO: the 8-connected components
     * (skimage {@code label(connectivity=2)}) of each mask's non-zero pixels. Every map is
     * {@code height x width}.
     */
    public static RankedScores ofPixelsWithRegions(List<float[]> maps, List<byte[]> masks, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + height + "x" + width);
        }
        int n = height * width;
        checkPixelInputs(maps, masks, n);
        int[] labels = new int[n];
        int[] stack = new int[n];
        long p = 0;
        long[] foreground = new long[masks.size()];
        for (int m = 0; m < masks.size(); m++) {
            foreground[m] = countForeground(masks.get(m));
            p += foreground[m];
        }
        long[] packedPositives = new long[toIntSize(p)];
        int[] negKeys = new int[toIntSize((long) n * maps.size() - p)];
        int[] area = new int[16];
        int ip = 0;
        int in = 0;
        int regionBase = 0;
        for (int m = 0; m < maps.size(); m++) {
            float[] map = maps.get(m);
            int count = foreground[m] == 0 ? 0 : ConnectedComponents.label(masks.get(m), height, width, labels, stack);
            if (regionBase + count > area.length) {
                area = Arrays.copyOf(area, Math.max(2 * area.length, regionBase + count));
            }
            for (int i = 0; i < n; i++) {
                float s = map[i];
                if (s != s) {
                    throw new IllegalArgumentException("map " + m + " has NaN at pixel " + i);
                }
                if (count > 0 && labels[i] != 0) {
                    int region = regionBase + labels[i] - 1;
                    area[region]++;
                    packedPositives[ip++] = (long) sortableKey(s) << 32 | region;
                } else {
                    negKeys[in++] = sortableKey(s);
                }
            }
            regionBase += count;
        }
        area = Arrays.copyOf(area, regionBase);
        RadixSort.sortByHighInt(packedPositives, packedPositives.length, new long[packedPositives.length]);
        double[] neg = sortedScores(negKeys);
        double[] pos = new double[packedPositives.length];
        int[] posRegion = new int[packedPositives.length];
        for (int i = 0; i < pos.length; i++) {
            long packed = packedPositives[i];
            pos[i] = fromSortableKey((int) (packed >> 32));
            posRegion[i] = (int) packed;
        }
        return new RankedScores(pos, neg, posRegion, area);
    }

    /** Radix-sorts sortable keys and widens them back to scores, ascending. */
    private static double[] sortedScores(int[] keys) {
        RadixSort.sortInts(keys, keys.length, new int[keys.length]);
        double[] scores = new double[keys.length];
        for (int i = 0; i < keys.length; i++) {
            scores[i] = fromSortableKey(keys[i]);
        }
        return scores;
    }

    /** Int key whose signed order is the float order; -0.0 and 0.0 share a key so they stay tied. */
    static int sortableKey(float value) {
        int bits = Float.floatToIntBits(value == 0f ? 0f : value);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    static float fromSortableKey(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
    }

    private static void checkPixelInputs(List<float[]> maps, List<byte[]> masks, int expectedLength) {
        if (maps == null || masks == null || maps.size() != masks.size()) {
            throw new IllegalArgumentException("maps and masks must be non-null lists of equal size, got "
                    + (maps == null ? "null" : maps.size()) + " and " + (masks == null ? "null" : masks.size()));
        }
        for (int m = 0; m < maps.size(); m++) {
            float[] map = maps.get(m);
            if (map == null) {
                throw new IllegalArgumentException("map " + m + " is null");
            }
            if (expectedLength >= 0 && map.length != expectedLength) {
                throw new IllegalArgumentException("map " + m + " must hold " + expectedLength
                        + " values, got " + map.length);
            }
            byte[] mask = masks.get(m);
            if (mask != null && mask.length != map.length) {
                throw new IllegalArgumentException("mask " + m + " has " + mask.length
                        + " values but its map has " + map.length);
            }
        }
    }

    private static long countForeground(byte[] mask) {
        if (mask == null) {
            return 0;
        }
        long count = 0;
        for (byte b : mask) {
            if (b != 0) {
                count++;
            }
        }
        return count;
    }

    private static int toIntSize(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many pixels for one evaluation: " + size);
        }
        return (int) size;
    }
}
