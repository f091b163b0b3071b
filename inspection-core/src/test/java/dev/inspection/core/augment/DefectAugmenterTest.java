package dev.inspection.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.image.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DefectAugmenterTest {

    private static final int SIZE = 48;

    /** Blue background, a red L-shaped defect (asymmetric, so rotations and flips are visible). */
    private static MaskedImage redDefect() {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        byte[] mask = new byte[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int p = y * SIZE + x;
                boolean defect = (x >= 10 && x < 16 && y >= 8 && y < 30) || (x >= 10 && x < 26 && y >= 24 && y < 30);
                rgb[3 * p] = (byte) (defect ? 220 : 20);
                rgb[3 * p + 2] = (byte) (defect ? 20 : 220);
                mask[p] = (byte) (defect ? 255 : 0);
            }
        }
        return new MaskedImage(new RgbImage(SIZE, SIZE, rgb), mask);
    }

    @Test
    void sameSeedSameResult() {
        for (long seed = 0; seed < 10; seed++) {
            MaskedImage a = DefectAugmenter.augment(redDefect(), new SplittableRandom(seed));
            MaskedImage b = DefectAugmenter.augment(redDefect(), new SplittableRandom(seed));
            assertArrayEquals(a.image().rgb(), b.image().rgb());
            assertArrayEquals(a.mask(), b.mask());
        }
    }

    /** Pixels and mask move together: masked pixels stay red, unmasked ones blue (edges aside). */
    @Test
    void maskStaysAlignedWithTheDefectPixels() {
        boolean changed = false;
        for (long seed = 0; seed < 40; seed++) {
            MaskedImage out = DefectAugmenter.augment(redDefect(), new SplittableRandom(seed));
            byte[] rgb = out.image().rgb();
            int masked = 0;
            int agreeing = 0;
            for (int p = 0; p < SIZE * SIZE; p++) {
                int r = rgb[3 * p] & 0xff;
                int b = rgb[3 * p + 2] & 0xff;
                boolean red = r > b;
                if (out.mask()[p] != 0) {
                    masked++;
                }
                if (red == (out.mask()[p] != 0)) {
                    agreeing++;
                }
                assertTrue(out.mask()[p] == 0 || out.mask()[p] == 1, "binary mask");
            }
            assertTrue(masked > 0, "seed " + seed + " lost the defect");
            assertTrue(agreeing >= 0.97 * SIZE * SIZE, "seed " + seed + ": only " + agreeing + " pixels agree");
            changed |= !java.util.Arrays.equals(out.mask(), binaryOf(redDefect().mask()));
        }
        assertTrue(changed, "geometric ops must move the defect for some seeds");
    }

    @Test
    void rejectsNonSquareImages() {
        MaskedImage wide = new MaskedImage(new RgbImage(4, 2, new byte[24]), new byte[8]);
        assertThrows(IllegalArgumentException.class, () -> DefectAugmenter.augment(wide, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new MaskedImage(new RgbImage(4, 2, new byte[24]), new byte[7]));
    }

    @Test
    void quarterTurnAndTransposeMoveMaskPixelsAsNumpy() {
        byte[] m = new byte[9];
        m[1] = 1; // (y=0, x=1)
        byte[] rot = Geometry.rotate90(m, 3, 1); // np.rot90: (y, x) -> (size-1-x, y) => (1, 0)
        assertEquals(1, rot[1 * 3 + 0]);
        byte[] t = Geometry.transpose(m, 3);
        assertEquals(1, t[1 * 3 + 0]);
        byte[] f = Geometry.flip(m, 3, true, false);
        assertEquals(1, f[1]);
        assertEquals(2, Geometry.reflect(-3, 5));
        assertEquals(4, Geometry.reflect(5, 5));
    }

    private static byte[] binaryOf(byte[] mask) {
        byte[] out = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = (byte) (mask[i] != 0 ? 1 : 0);
        }
        return out;
    }
}
