package dev.inspection.core.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IEEE 754 binary16 ("half", numpy {@code float16}) conversions.
 *
 * <p>{@link #fromFloat(float)} rounds to nearest, ties to even, exactly like numpy's
 * {@code astype(float16)} and PyTorch's {@code .half()}: values beyond the half range become
 * infinity, tiny values become subnormals or signed zero, NaN stays NaN (quiet, payload kept in the
 * top mantissa bits). {@link #toFloat(short)} is exact. Bulk methods write/read little-endian
 * bytes, the layout of the {@code .f16} golden files and of the feature wire format.
 */
public final class Float16 {

    /** Largest finite half value, 65504. */
    public static final float MAX_VALUE = 65504f;

    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** |float| bits of the smallest normal half, 2^-14. */
    private static final int MIN_NORMAL_BITS = 0x38800000;
    /** |float| bits from which rounding gives infinity: 65520 = 65504 + half an ulp. */
    private static final int OVERFLOW_BITS = 0x477ff000;
    /** Float exponent bias minus half exponent bias (127 - 15), in exponent position. */
    private static final int REBIAS = 112 << 23;

    private Float16() {
    }

    /** Rounds a float to the nearest binary16 bit pattern (ties to even). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= MIN_NORMAL_BITS && magnitude < OVERFLOW_BITS) {
            // Normal half result (the case of every feature value): rebias the exponent and round the 13
            // dropped mantissa bits to nearest even in one add; a carry correctly bumps the exponent.
            int rebased = magnitude - REBIAS;
            return (short) (((bits >>> 16) & 0x8000) | ((rebased + 0xfff + ((rebased >>> 13) & 1)) >>> 13));
        }
        return fromFloatSlow(bits);
    }

    /** Infinity, NaN, overflow, subnormal and zero results. */
    private static short fromFloatSlow(int bits) {
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;

        if (exponent == 0xff) {
            if (mantissa == 0) {
                return (short) (sign | 0x7c00);
            }
            // Keep the quiet bit set so a NaN never turns into infinity.
            return (short) (sign | 0x7e00 | (mantissa >>> 13));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                // Below half the smallest subnormal: rounds to signed zero.
                return (short) sign;
            }
            // Subnormal result: shift the full 24-bit significand into place, round to nearest even.
            int significand = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            int half = significand >>> shift;
            int remainder = significand & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (remainder > halfway || (remainder == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (halfExponent << 10) | (mantissa >>> 13);
        int remainder = mantissa & 0x1fff;
        if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) != 0)) {
            // A carry into the exponent is correct: it rounds up to the next binade or to infinity.
            half++;
        }
        return (short) (sign | half);
    }

    /** Exact conversion of a binary16 bit pattern to float. */
    public static float toFloat(short halfBits) {
        int h = halfBits & 0xffff;
        int exponentBits = h & 0x7c00;
        if (exponentBits != 0 && exponentBits != 0x7c00) {
            // Normal: widen exponent and mantissa in place and rebias the exponent.
            return Float.intBitsToFloat(((h & 0x8000) << 16) | (((h & 0x7fff) << 13) + REBIAS));
        }
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal: value = mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** Encodes {@code count} floats as little-endian binary16 into {@code dst} at {@code dstOffset}. */
    public static void encode(float[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
        checkRange(src.length, srcOffset, count, "source floats");
        checkRange(dst.length, dstOffset, 2L * count, "destination bytes");
        for (int i = 0; i < count; i++) {
            SHORT_LE.set(dst, dstOffset + 2 * i, fromFloat(src[srcOffset + i]));
        }
    }

    /** Encodes all of {@code src} as little-endian binary16. */
    public static byte[] encode(float[] src) {
        byte[] out = new byte[src.length * 2];
        encode(src, 0, out, 0, src.length);
        return out;
    }

    /** Writes {@code count} floats as binary16 at the buffer's position (honours its byte order). */
    public static void encode(float[] src, int srcOffset, ByteBuffer dst, int count) {
        checkRange(src.length, srcOffset, count, "source floats");
        for (int i = 0; i < count; i++) {
            dst.putShort(fromFloat(src[srcOffset + i]));
        }
    }

    /** Decodes {@code count} little-endian binary16 values from {@code src} into {@code dst}. */
    public static void decode(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        checkRange(src.length, srcOffset, 2L * count, "source bytes");
        checkRange(dst.length, dstOffset, count, "destination floats");
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = toFloat((short) SHORT_LE.get(src, srcOffset + 2 * i));
        }
    }

    /** Decodes a whole little-endian binary16 byte array (its length must be even). */
    public static float[] decode(byte[] src) {
        if ((src.length & 1) != 0) {
            throw new IllegalArgumentException("float16 data must have an even byte length, got " + src.length);
        }
        float[] out = new float[src.length / 2];
        decode(src, 0, out, 0, out.length);
        return out;
    }

    /** Reads {@code count} binary16 values from the buffer's position (honours its byte order). */
    public static void decode(ByteBuffer src, float[] dst, int dstOffset, int count) {
        checkRange(dst.length, dstOffset, count, "destination floats");
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = toFloat(src.getShort());
        }
    }

    static void checkRange(int length, int offset, long count, String what) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException(
                    what + ": offset " + offset + " + count " + count + " exceeds length " + length);
        }
    }
}
