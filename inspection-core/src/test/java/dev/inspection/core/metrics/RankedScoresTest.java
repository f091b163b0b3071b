package dev.inspection.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankedScoresTest {

    @Test
    void radixSortOrdersSignedIntsLikeArraysSort() {
        Random random = new Random(1);
        int[] keys = new int[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextInt(4) == 0 ? random.nextInt(50) - 25 : random.nextInt();
        }
        keys[0] = Integer.MIN_VALUE;
        keys[1] = Integer.MAX_VALUE;
        int[] expected = keys.clone();
        Arrays.sort(expected);
        RadixSort.sortInts(keys, keys.length, new int[keys.length]);
        assertArrayEquals(expected, keys);
    }

    @Test
    void radixSortByHighIntIsStableForTheLowBits() {
        long[] values = {(5L << 32) | 3, (-2L << 32) | 9, (5L << 32) | 1, (-2L << 32) | 4, (0L << 32) | 7};
        RadixSort.sortByHighInt(values, values.length, new long[values.length]);
        assertArrayEquals(new long[] {(-2L << 32) | 9, (-2L << 32) | 4, 7, (5L << 32) | 3, (5L << 32) | 1}, values);
    }

    @Test
    void sortableKeysPreserveFloatOrderAndTieSignedZeros() {
        float[] values = {Float.NEGATIVE_INFINITY, -3.5f, -1e-30f, -0f, 0f, Float.MIN_VALUE, 1f, Float.MAX_VALUE};
        for (int i = 1; i < values.length; i++) {
            int previous = RankedScores.sortableKey(values[i - 1]);
            int current = RankedScores.sortableKey(values[i]);
            if (i == 4) {
                assertEquals(previous, current);
            } else {
                assertEquals(-1, Integer.compare(previous, current), "between " + values[i - 1] + " and " + values[i]);
            }
            assertEquals(values[i] == 0 ? 0f : values[i], RankedScores.fromSortableKey(current));
        }
    }

    @Test
    void pixelRankingSplitsAndSortsByClass() {
        List<float[]> maps = List.of(new float[] {3f, -1f, 2f, 0.5f}, new float[] {7f, 1f, 1f, 0f});
        List<byte[]> masks = Arrays.asList(new byte[] {1, 0, 0, 1}, null);
        RankedScores ranked = RankedScores.ofPixels(maps, masks);
        assertArrayEquals(new double[] {0.5, 3}, ranked.positives);
        assertArrayEquals(new double[] {-1, 0, 1, 1, 2, 7}, ranked.negatives);
        assertEquals(0, ranked.regionCount());
    }

    @Test
    void mergingGroupsEqualsRankingTheirUnion() {
        Random random = new Random(4);
        int h = 6;
        int w = 7;
        List<float[]> mapsA = new ArrayList<>();
        List<byte[]> masksA = new ArrayList<>();
        List<float[]> mapsB = new ArrayList<>();
        List<byte[]> masksB = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            float[] map = new float[h * w];
            byte[] mask = new byte[h * w];
            for (int i = 0; i < map.length; i++) {
                map[i] = random.nextInt(40) / 8f;
                mask[i] = (byte) (random.nextInt(6) == 0 ? 1 : 0);
            }
            (m < 2 ? mapsA : mapsB).add(map);
            (m < 2 ? masksA : masksB).add(mask);
        }
        RankedScores merged = RankedScores.merge(RankedScores.ofPixelsWithRegions(mapsA, masksA, h, w),
                RankedScores.ofPixelsWithRegions(mapsB, masksB, h, w));
        List<float[]> maps = new ArrayList<>(mapsA);
        maps.addAll(mapsB);
        List<byte[]> masks = new ArrayList<>(masksA);
        masks.addAll(masksB);
        RankedScores union = RankedScores.ofPixelsWithRegions(maps, masks, h, w);
        assertArrayEquals(union.positives, merged.positives);
        assertArrayEquals(union.negatives, merged.negatives);
        assertEquals(union.regionCount(), merged.regionCount());
        SweepResult expected = ThresholdSweep.sweep(union, 0, 0.3);
        SweepResult actual = ThresholdSweep.sweep(merged, 0, 0.3);
        assertEquals(expected.auroc(), actual.auroc());
        assertEquals(expected.f1(), actual.f1());
        assertEquals(expected.pro(), actual.pro(), 1e-12);
        // Without regions on one side the merge keeps the scores and drops the regions.
        RankedScores plain = RankedScores.merge(RankedScores.ofPixels(mapsA, masksA),
                RankedScores.ofPixelsWithRegions(mapsB, masksB, h, w));
        assertArrayEquals(union.positives, plain.positives);
        assertEquals(0, plain.regionCount());
    }

    @Test
    void rejectsNaNPixelsAndNullRankings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankedScores.ofPixels(List.of(new float[] {1f, Float.NaN}), Arrays.asList((byte[]) null)));
        assertEquals("map 0 has NaN at pixel 1", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RankedScores.ofPixelsWithRegions(List.of(new float[] {Float.NaN}), List.of(new byte[1]), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> RankedScores.merge(null, null));
    }
}
