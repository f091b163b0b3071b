package dev.inspection.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LittleEndianTest {

    @Test
    void floatsEncodeAsIeeeLittleEndian() {
        float[] values = {1f, -0f, Float.NaN, 3.5e-42f, Float.MAX_VALUE};
        byte[] bytes = LittleEndian.toBytes(values);
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, java.util.Arrays.copyOf(bytes, 4));
        ByteBuffer reference = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            assertEquals(Float.floatToRawIntBits(value), Float.floatToRawIntBits(reference.getFloat()));
        }
        float[] back = LittleEndian.toFloats(bytes);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]));
        }
    }

    @Test
    void offsetsAndBounds() {
        float[] values = {1f, 2f, 3f};
        byte[] bytes = new byte[12];
        LittleEndian.putFloats(values, 1, bytes, 4, 2);
        assertEquals(2f, LittleEndian.getFloat(bytes, 4));
        assertEquals(3f, LittleEndian.getFloat(bytes, 8));
        float[] out = new float[4];
        LittleEndian.getFloats(bytes, 4, out, 2, 2);
        assertArrayEquals(new float[] {0f, 0f, 2f, 3f}, out);
        LittleEndian.putInt(bytes, 0, 0x01020304);
        assertEquals(4, bytes[0]);
        assertEquals(0x01020304, LittleEndian.getInt(bytes, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> LittleEndian.putFloats(values, 0, new byte[11], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> LittleEndian.toFloats(new byte[6]));
    }

    @Test
    void rawFilesRoundTripAndCheckTheShape(@TempDir Path dir) throws Exception {
        FloatTensor tensor = new FloatTensor(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 2, 3);
        Path f32 = dir.resolve("t.f32");
        RawTensorFiles.writeF32(f32, tensor);
        assertEquals(24, Files.size(f32));
        assertArrayEquals(tensor.data(), RawTensorFiles.readF32(f32, 2, 3).data());
        Path f16 = dir.resolve("t.f16");
        RawTensorFiles.writeF16(f16, tensor);
        assertEquals(12, Files.size(f16));
        assertArrayEquals(tensor.data(), RawTensorFiles.readF16(f16, 3, 2).data());
        assertThrows(java.io.IOException.class, () -> RawTensorFiles.readF32(f32, 2, 4));
    }

    @Test
    void goldenInputMatchesItsDocumentedFormula() throws Exception {
        // golden64.input.f32 is defined by a closed formula (golden README); checks the reader end to end.
        FloatTensor input = RawTensorFiles.readF32(SharedTestData.golden("golden64.input.f32"), 1, 3, 64, 64);
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    double p = 0.5 + 0.25 * Math.sin(0.37 * (c + 1) * x + 0.23 * y + 1.1 * c)
                            + 0.25 * Math.cos(0.05 * x * y + 0.7 * c);
                    assertEquals((float) ((p - mean[c]) / std[c]), input.get(0, c, y, x), 1e-6f);
                }
            }
        }
    }
}
