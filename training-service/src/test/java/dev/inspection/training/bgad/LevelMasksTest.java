package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelMasksTest {

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

    @Test
    void ignoreRingLeavesOutTheNormalCellsAroundADefect() {
        byte[] flags = new byte[25];
        flags[2 * 5 + 2] = LevelMasks.ANOMALOUS;
        assertSame(flags, LevelMasks.withIgnoreRing(flags, 5, 5, 0), "ring 0 changes nothing");
        byte[] ringed = LevelMasks.withIgnoreRing(flags, 5, 5, 1);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                byte expected = y == 2 && x == 2 ? LevelMasks.ANOMALOUS
                        : Math.abs(y - 2) <= 1 && Math.abs(x - 2) <= 1 ? LevelMasks.IGNORED : LevelMasks.NORMAL;
                assertEquals(expected, ringed[y * 5 + x], "cell " + y + "," + x);
            }
        }
        assertEquals(LevelMasks.NORMAL, flags[2 * 5 + 3], "the input is not modified");
        // a defect in the corner: the ring is clipped at the border, anomalous neighbours stay anomalous
        byte[] corner = new byte[9];
        corner[0] = LevelMasks.ANOMALOUS;
        corner[1] = LevelMasks.ANOMALOUS;
        assertArrayEquals(new byte[] {1, 1, 2, 2, 2, 2, 0, 0, 0}, LevelMasks.withIgnoreRing(corner, 3, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> LevelMasks.withIgnoreRing(flags, 5, 5, -1));
    }

    @Test
    void featureBankTellsAnomalousFromIgnoredCells() {
        FeatureBank bank = new FeatureBank(List.of(new LevelShape(2, 1, 3)));
        bank.add(new float[][] {new float[6]}, new byte[][] {{LevelMasks.ANOMALOUS, LevelMasks.IGNORED, LevelMasks.NORMAL}});
        bank.add(new float[][] {new float[6]}, null);
        assertTrue(bank.isAnomalous(0, 0, 0));
        assertFalse(bank.isIgnored(0, 0, 0));
        assertFalse(bank.isAnomalous(0, 0, 1));
        assertTrue(bank.isIgnored(0, 0, 1));
        assertFalse(bank.isAnomalous(0, 0, 2) || bank.isIgnored(0, 0, 2));
        assertFalse(bank.isAnomalous(1, 0, 1) || bank.isIgnored(1, 0, 1), "a normal image has no flags");
    }

    @Test
    void ringIsASettingOnInTheCpuPresetOnly() {
        assertEquals("1", BgadConfig.preset(BgadConfig.Preset.CPU).toMap().get("ignore_ring"));
        assertEquals("0", BgadConfig.preset(BgadConfig.Preset.PAPER).toMap().get("ignore_ring"));
        assertEquals(2, BgadConfig.preset(BgadConfig.Preset.CPU).withOverrides(Map.of("ignore_ring", "2")).ignoreRing());
        assertThrows(IllegalArgumentException.class,
                () -> BgadConfig.preset(BgadConfig.Preset.CPU).withOverrides(Map.of("ignore_ring", "-1")));
    }
}
