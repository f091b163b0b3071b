package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KnownAnomalySelectorTest {

    private static List<String> candidates() {
        List<String> out = new ArrayList<>();
        for (String type : new String[] {"broken_large", "broken_small", "contamination"}) {
            for (int i = 0; i < 20; i++) {
                out.add(type + "/" + i);
            }
        }
        return out;
    }

    private static String type(String candidate) {
        return candidate.split("/")[0];
    }

    /** Bottle has 3 defect types: 10 = 3 + 3 + 3 + 1 leftover (methods.md §2.8). */
    @Test
    void spreadsOverDefectTypes() {
        List<String> picked = KnownAnomalySelector.select(candidates(), s -> s, KnownAnomalySelectorTest::type, 10, 0);
        assertEquals(10, picked.size());
        assertEquals(10, new HashSet<>(picked).size());
        Map<String, Long> perType = picked.stream().collect(Collectors.groupingBy(KnownAnomalySelectorTest::type, Collectors.counting()));
        assertEquals(3, perType.size());
        assertTrue(perType.values().stream().allMatch(n -> n == 3 || n == 4));
        assertEquals(picked, KnownAnomalySelector.select(candidates(), s -> s, KnownAnomalySelectorTest::type, 10, 0), "seeded");
        assertThrows(IllegalArgumentException.class,
                () -> KnownAnomalySelector.select(candidates().subList(0, 5), s -> s, s -> "a", 10, 0));
    }

    /** The dataset service streams by sha256, fakes and folder readers by path: the pick must not care. */
    @Test
    void pickDoesNotDependOnTheOrderCandidatesArriveIn() {
        List<String> forward = candidates();
        List<String> reversed = new ArrayList<>(forward);
        Collections.reverse(reversed);
        List<String> shuffled = new ArrayList<>(forward);
        Collections.shuffle(shuffled, new Random(42));
        for (long seed = 0; seed < 3; seed++) {
            List<String> picked = KnownAnomalySelector.select(forward, s -> s, KnownAnomalySelectorTest::type, 10, seed);
            assertEquals(picked, KnownAnomalySelector.select(reversed, s -> s, KnownAnomalySelectorTest::type, 10, seed));
            assertEquals(picked, KnownAnomalySelector.select(shuffled, s -> s, KnownAnomalySelectorTest::type, 10, seed));
        }
        assertNotEquals(KnownAnomalySelector.select(forward, s -> s, KnownAnomalySelectorTest::type, 10, 0),
                KnownAnomalySelector.select(forward, s -> s, KnownAnomalySelectorTest::type, 10, 1), "the seed matters");
    }

    @Test
    void masksDownsampleNearestLikePyTorch() {
        byte[] mask = new byte[16];
        mask[1 * 4 + 2] = (byte) 255; // (y=1, x=2)
        mask[3 * 4 + 3] = 1;          // (y=3, x=3)
        // 4 -> 2: source index floor(dst * 2): dst (0,1) <- src (0,2); dst (1,1) <- src (2,2)
        assertArrayEquals(new byte[] {0, 0, 0, 0}, LevelMasks.nearest(mask, 4, 4, 2, 2));
        mask[2 * 4 + 2] = 7;
        assertArrayEquals(new byte[] {0, 0, 0, 1}, LevelMasks.nearest(mask, 4, 4, 2, 2));
    }

    @Test
    void anyPixelKeepsThinDefectsThatNearestDrops() {
        byte[] mask = new byte[16];
        mask[1 * 4 + 3] = 1; // a one-pixel defect at (y=1, x=3): nearest never samples odd indices
        assertArrayEquals(new byte[] {0, 0, 0, 0}, LevelMasks.downsample(LevelMasks.Rule.NEAREST, mask, 4, 4, 2, 2));
        assertArrayEquals(new byte[] {0, 1, 0, 0}, LevelMasks.downsample(LevelMasks.Rule.ANY_PIXEL, mask, 4, 4, 2, 2));
        // 5 -> 2: footprints [0,3) and [2,5) overlap on index 2, so a defect there marks both cells
        byte[] five = new byte[25];
        five[2 * 5 + 2] = 1;
        assertArrayEquals(new byte[] {1, 1, 1, 1}, LevelMasks.anyPixel(five, 5, 5, 2, 2));
        // upsampling (2 -> 4) still gives every cell one source pixel
        assertArrayEquals(new byte[] {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                LevelMasks.anyPixel(new byte[] {1, 0, 0, 0}, 2, 2, 4, 4));
    }

    @Test
    void maskRuleIsASettingWithNearestAsTheReference() {
        BgadConfig paper = BgadConfig.preset(BgadConfig.Preset.PAPER);
        assertEquals("nearest", paper.toMap().get("mask_downsampling"));
        BgadConfig any = paper.withOverrides(Map.of("mask_downsampling", "ANY_pixel"));
        assertEquals(LevelMasks.Rule.ANY_PIXEL, any.maskDownsampling());
        assertEquals(any, paper.withOverrides(any.toMap()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> paper.withOverrides(Map.of("mask_downsampling", "bilinear")));
        assertTrue(e.getMessage().contains("mask_downsampling"), e.getMessage());
    }
}
