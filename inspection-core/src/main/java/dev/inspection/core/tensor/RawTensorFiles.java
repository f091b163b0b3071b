package dev.inspection.core.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes headerless little-endian C-order tensor files: {@code .f32} (float32) and
 * {@code .f16} (IEEE binary16), the format of the golden vectors next to the backbone model. The
 * caller states the shape; the file length must match it exactly.
 */
public final class RawTensorFiles {

    private RawTensorFiles() {
    }

    /** Reads a float32 file of the given shape. */
    public static FloatTensor readF32(Path file, int... shape) throws IOException {
        byte[] bytes = readExpecting(file, 4, shape);
        float[] data = new float[bytes.length / 4];
        LittleEndian.getFloats(bytes, 0, data, 0, data.length);
        return new FloatTensor(data, shape);
    }

    /** Reads a float16 file of the given shape, widening every value to float exactly. */
    public static FloatTensor readF16(Path file, int... shape) throws IOException {
        byte[] bytes = readExpecting(file, 2, shape);
        float[] data = new float[bytes.length / 2];
        Float16.decode(bytes, 0, data, 0, data.length);
        return new FloatTensor(data, shape);
    }

    /** Writes the tensor as little-endian float32. */
    public static void writeF32(Path file, FloatTensor tensor) throws IOException {
        Files.write(file, LittleEndian.toBytes(tensor.data()));
    }

    /** Writes the tensor as little-endian float16 (rounded to nearest even). */
    public static void writeF16(Path file, FloatTensor tensor) throws IOException {
        Files.write(file, Float16.encode(tensor.data()));
    }

    private static byte[] readExpecting(Path file, int bytesPerValue, int[] shape) throws IOException {
        long expected = Math.multiplyExact(FloatTensor.elementCount(shape), bytesPerValue);
        long actual = Files.size(file);
        if (actual != expected) {
            throw new IOException(file + " has " + actual + " bytes, but shape " + Arrays.toString(shape)
                    + " of " + bytesPerValue + "-byte values needs " + expected);
        }
        return Files.readAllBytes(file);
    }
}
