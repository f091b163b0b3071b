package dev.inspection.core.tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bulk little-endian codecs between float[] and byte[] (the float32 layout of ONNX tensors, the
 * golden {@code .f32} files and the gRPC {@code bytes} tensor fields).
 *
 * <p>Uses a byte-array view {@link VarHandle}, which the JIT compiles to plain unaligned loads and
 * stores on little-endian hardware: no per-element objects and no intermediate buffers.
 */
public final class LittleEndian {

    private static final VarHandle FLOAT_LE =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /** Writes {@code count} floats from {@code src} as little-endian float32 into {@code dst}. */
    public static void putFloats(float[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
        Float16.checkRange(src.length, srcOffset, count, "source floats");
        Float16.checkRange(dst.length, dstOffset, 4L * count, "destination bytes");
        for (int i = 0; i < count; i++) {
            FLOAT_LE.set(dst, dstOffset + 4 * i, src[srcOffset + i]);
        }
    }

    /** Reads {@code count} little-endian float32 values from {@code src} into {@code dst}. */
    public static void getFloats(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Float16.checkRange(src.length, srcOffset, 4L * count, "source bytes");
        Float16.checkRange(dst.length, dstOffset, count, "destination floats");
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = (float) FLOAT_LE.get(src, srcOffset + 4 * i);
        }
    }

    /** All of {@code src} as little-endian float32 bytes. */
    public static byte[] toBytes(float[] src) {
        byte[] out = new byte[Math.multiplyExact(src.length, 4)];
        putFloats(src, 0, out, 0, src.length);
        return out;
    }

    /** Decodes a whole little-endian float32 byte array (its length must be a multiple of 4). */
    public static float[] toFloats(byte[] src) {
        if ((src.length & 3) != 0) {
            throw new IllegalArgumentException("float32 data must have a byte length divisible by 4, got " + src.length);
        }
        float[] out = new float[src.length / 4];
        getFloats(src, 0, out, 0, out.length);
        return out;
    }

    /** One little-endian float32 at a byte offset. */
    public static float getFloat(byte[] src, int offset) {
        return (float) FLOAT_LE.get(src, offset);
    }

    /** One little-endian int32 at a byte offset. */
    public static int getInt(byte[] src, int offset) {
        return (int) INT_LE.get(src, offset);
    }

    /** Writes one little-endian int32 at a byte offset. */
    public static void putInt(byte[] dst, int offset, int value) {
        INT_LE.set(dst, offset, value);
    }
}
