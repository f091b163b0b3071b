package dev.inspection.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class Float16Test {

    private static int bits(float value) {
        return Float16.fromFloat(value) & 0xffff;
    }

    @Test
    void exactValues() {
        assertEquals(0x3c00, bits(1.0f));
        assertEquals(0xbc00, bits(-1.0f));
        assertEquals(0x0000, bits(0.0f));
        assertEquals(0x8000, bits(-0.0f));
        assertEquals(0x7bff, bits(65504f));
        assertEquals(0x3555, bits(1f / 3f));
        assertEquals(0x4248, bits(3.140625f));
        assertEquals(0x0400, bits(0x1p-14f)); // smallest normal
        assertEquals(0x0001, bits(0x1p-24f)); // smallest subnormal
        assertEquals(0x03ff, bits(0x3ffp-24f)); // largest subnormal
    }

    @Test
    void infinityNanAndOverflow() {
        assertEquals(0x7c00, bits(Float.POSITIVE_INFINITY));
        assertEquals(0xfc00, bits(Float.NEGATIVE_INFINITY));
        assertEquals(0x7c00, bits(1e6f));
        assertEquals(0xfc00, bits(-1e6f));
        // 65520 is the midpoint between 65504 and 2^16: ties to even rounds up to infinity.
        assertEquals(0x7c00, bits(65520f));
        assertEquals(0x7bff, bits(65519.996f));
        int nan = bits(Float.NaN);
        assertEquals(0x7c00, nan & 0x7c00);
        assertTrue((nan & 0x03ff) != 0, "NaN stays NaN");
        assertTrue(Float.isNaN(Float16.toFloat((short) nan)));
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xfc00));
    }

    @Test
    void roundingTiesToEven() {
        float ulpAtOne = 0x1p-10f;
        // 1 + ulp/2 is a tie between 1 (even mantissa) and 1 + ulp: stays 1.
        assertEquals(0x3c00, bits(1f + ulpAtOne / 2));
        // 1 + 3ulp/2 is a tie between 1 + ulp (odd) and 1 + 2ulp (even): rounds up.
        assertEquals(0x3c02, bits(1f + 3 * ulpAtOne / 2));
        // Just above the tie rounds up, just below rounds down.
        assertEquals(0x3c01, bits(Math.nextUp(1f + ulpAtOne / 2)));
        assertEquals(0x3c00, bits(Math.nextDown(1f + ulpAtOne / 2)));
        // Subnormal ties: 0.5 and 1.5 units of 2^-24.
        assertEquals(0x0000, bits(0x1p-25f));
        assertEquals(0x0002, bits(0x3p-25f));
        assertEquals(0x0001, bits(Math.nextUp(0x1p-25f)));
        // Below half the smallest subnormal: signed zero.
        assertEquals(0x8000, bits(-0x1p-26f));
        // Rounding up from the largest subnormal carries into the smallest normal.
        assertEquals(0x0400, bits(0x7ffp-25f));
    }

    @Test
    void everyHalfValueRoundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(h, bits(f), "half 0x" + Integer.toHexString(h));
        }
        assertEquals(0x1p-24f, Float16.toFloat((short) 1));
        assertEquals(-2f, Float16.toFloat((short) 0xc000));
    }

    @Test
    void bulkCodecsAreLittleEndian() {
        float[] values = {1f, -2f, 65504f, 0.5f};
        byte[] encoded = Float16.encode(values);
        assertArrayEquals(new byte[] {0x00, 0x3c, 0x00, (byte) 0xc0, (byte) 0xff, 0x7b, 0x00, 0x38}, encoded);
        assertArrayEquals(values, Float16.decode(encoded));

        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        Float16.encode(values, 0, buffer, 4);
        assertArrayEquals(encoded, buffer.array());
        buffer.flip();
        float[] back = new float[6];
        Float16.decode(buffer, back, 2, 4);
        assertArrayEquals(new float[] {0f, 0f, 1f, -2f, 65504f, 0.5f}, back);

        assertThrows(IndexOutOfBoundsException.class, () -> Float16.encode(values, 1, new byte[8], 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Float16.decode(new byte[3]));
    }

    @Test
    void roundingMatchesNearestEvenOverSampledAndBoundaryFloats() {
        // Independent reference: nearest of the two neighbouring halves by double distance, ties to even;
        // infinity sits where the next binade would start (2^16), so 65520 is the tie that overflows.
        double[] positiveHalves = new double[0x7c01];
        for (int h = 0; h <= 0x7c00; h++) {
            positiveHalves[h] = h == 0x7c00 ? 65536.0 : Float16.toFloat((short) h);
        }
        java.util.function.IntConsumer check = floatBits -> {
            float f = Float.intBitsToFloat(floatBits);
            if (Float.isNaN(f)) {
                return;
            }
            double magnitude = Math.abs((double) f);
            int expected;
            if (magnitude >= 65536.0) {
                expected = 0x7c00;
            } else {
                int index = java.util.Arrays.binarySearch(positiveHalves, magnitude);
                if (index >= 0) {
                    expected = index;
                } else {
                    int above = -index - 1;
                    int below = above - 1;
                    double down = magnitude - positiveHalves[below];
                    double up = positiveHalves[above] - magnitude;
                    expected = down < up ? below : up < down ? above : (below % 2 == 0 ? below : above);
                }
            }
            expected |= floatBits < 0 ? 0x8000 : 0;
            assertEquals(expected, bits(f), "float 0x" + Integer.toHexString(floatBits));
        };
        for (long b = 0; b <= 0xffffffffL; b += 4093) {
            check.accept((int) b);
        }
        int[] boundaries = {0x38800000, 0x477ff000, 0x33000000, 0x387fe000, 0x3f800000};
        for (int boundary : boundaries) {
            for (int d = -20_000; d <= 20_000; d++) {
                check.accept(boundary + d);
                check.accept((boundary + d) | 0x80000000);
            }
        }
    }
}
