package dev.inspection.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProTest {

    @Test
    void perfectSeparationGivesOne() {
        float[] map = {0.1f, 0.2f, 0.9f, 0.95f, 0.3f, 0.1f};
        byte[] mask = {0, 0, 1, 1, 0, 0};
        assertEquals(1.0, Pro.of(List.of(map), List.of(mask), 2, 3), 1e-15);
    }

    @Test
    void reversedScoresGiveZero() {
        float[] map = {0.9f, 0.8f, 0.1f, 0.1f, 0.7f, 0.95f};
        byte[] mask = {0, 0, 1, 1, 0, 0};
        assertEquals(0.0, Pro.of(List.of(map), List.of(mask), 2, 3), 1e-15);
    }

    @Test
    void regionDetectedAtKnownFprGivesTheRemainingWidth() {
        // 1000 normal pixels with scores k / 1000 and a 100-pixel region at 0.8505: the region turns
        // on at FPR 149 / 1000, so PRO = (0.3 - 0.149) / 0.3.
        int h = 11;
        int w = 100;
        float[] map = new float[h * w];
        byte[] mask = new byte[h * w];
        for (int k = 0; k < 1000; k++) {
            map[k] = k / 1000f;
        }
        for (int i = 1000; i < 1100; i++) {
            map[i] = 0.8505f;
            mask[i] = 1;
        }
        assertEquals((0.3 - 0.149) / 0.3, Pro.of(List.of(map), List.of(mask), h, w), 1e-12);
    }

    @Test
    void everyRegionCountsEquallyWhateverItsSize() {
        // Region A: 2 pixels above all normals; region B: 12 pixels below all normals -> PRO 0.5.
        float[] map = new float[6 * 6];
        byte[] mask = new byte[6 * 6];
        Arrays.fill(map, 0.5f);
        map[0] = 0.99f;
        map[1] = 0.98f;
        mask[0] = 1;
        mask[1] = 1;
        for (int i = 24; i < 36; i++) {
            map[i] = 0.01f;
            mask[i] = 1;
        }
        assertEquals(0.5, Pro.of(List.of(map), List.of(mask), 6, 6), 1e-15);
    }

    @Test
    void interpolatesTheCurveAtTheFprLimit() {
        // 10 normal pixels: two at 0.9, two at 0.7, six at 0.1. Region of two pixels: 0.95 and 0.7.
        // Curve: (0,0) (0,0.5) (0.2,0.5) (0.4,1) (1,1); at 0.3 the PRO is 0.75.
        // Area = 0.2 * 0.5 + 0.1 * (0.5 + 0.75) / 2 = 0.1625 -> 0.1625 / 0.3.
        float[] map = {0.9f, 0.9f, 0.7f, 0.7f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.95f, 0.7f};
        byte[] mask = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        assertEquals(0.1625 / 0.3, Pro.of(List.of(map), List.of(mask), 3, 4), 1e-12);
    }

    @Test
    void diagonalPixelsFormOneRegionAndNormalImagesAddFalsePositives() {
        // Mask with two diagonal pixels = one region; only one of them is detected at FPR 0 -> 0.5
        // until the other turns on below all normals.
        float[] anomalous = {0.9f, 0.2f, 0.2f, 0.05f};
        byte[] mask = {1, 0, 0, 1};
        float[] normal = {0.3f, 0.3f, 0.3f, 0.3f};
        double pro = Pro.of(List.of(anomalous, normal), Arrays.asList(mask, null), 2, 2);
        assertEquals(0.5, pro, 1e-15);
    }

    @Test
    void randomizedAgainstNaiveReference() {
        Random random = new Random(21);
        int h = 9;
        int w = 8;
        for (int trial = 0; trial < 40; trial++) {
            List<float[]> maps = new ArrayList<>();
            List<byte[]> masks = new ArrayList<>();
            int images = 1 + random.nextInt(4);
            boolean anyRegion = false;
            for (int m = 0; m < images; m++) {
                float[] map = new float[h * w];
                byte[] mask = random.nextInt(3) == 0 ? null : new byte[h * w];
                for (int i = 0; i < map.length; i++) {
                    boolean defect = mask != null && random.nextInt(5) == 0;
                    if (defect) {
                        mask[i] = 1;
                        anyRegion = true;
                    }
                    map[i] = (random.nextInt(30) + (defect ? random.nextInt(15) : 0)) / 10f;
                }
                maps.add(map);
                masks.add(mask);
            }
            if (!anyRegion) {
                continue;
            }
            for (double limit : new double[] {0.3, 0.05, 1.0}) {
                assertEquals(NaiveMetrics.pro(maps, masks, h, w, limit), Pro.of(maps, masks, h, w, limit), 1e-12,
                        "trial " + trial + " limit " + limit);
            }
        }
    }

    @Test
    void rejectsInputsWithoutRegionsOrWithWrongSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pro.of(List.of(new float[4]), List.of(new byte[4]), 2, 2));
        assertEquals("PRO needs at least one ground-truth region", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pro.of(List.of(new float[5]), List.of(new byte[5]), 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Pro.of(List.of(new float[4]), List.of(new byte[] {1, 1, 1, 1}), 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Pro.of(List.of(new float[4]), List.of(new byte[] {1, 0, 0, 0}), 2, 2, 0));
    }
}
