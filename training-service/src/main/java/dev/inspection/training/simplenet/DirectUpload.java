package dev.inspection.training.simplenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Uploads float rows to DJL through one reused native-order direct buffer. DJL copies a heap
 * {@code FloatBuffer} into a fresh direct buffer on every {@code create}; those are only freed by GC,
 * so 1000 steps of 3 MB batches piled up gigabytes of direct memory before a collection. One upload
 * per buffer may be alive at a time: the tensor may share the buffer's memory, so close it (step
 * scope) before the next upload.
 */
final class DirectUpload {

    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    /** A [rows, cols] tensor holding {@code data[0 .. rows * cols)}. */
    NDArray upload(NDManager manager, float[] data, int rows, int cols) {
        int count = Math.multiplyExact(rows, cols);
        if (count > data.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " values do not fit " + data.length + " floats");
        }
        int bytes = Math.multiplyExact(count, Float.BYTES);
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        buffer.asFloatBuffer().put(data, 0, count);
        ByteBuffer view = buffer.slice(0, bytes).order(ByteOrder.nativeOrder());
        return manager.create(view, new Shape(rows, cols), DataType.FLOAT32);
    }
}
