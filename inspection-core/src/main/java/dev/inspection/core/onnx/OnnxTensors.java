package dev.inspection.core.onnx;

import com.google.protobuf.ByteString;
import dev.inspection.core.onnx.proto.OnnxProtos.TensorProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds initializer tensors; payloads go to {@code raw_data}, little-endian as ONNX requires. */
final class OnnxTensors {

    private OnnxTensors() {
    }

    static TensorProto floatTensor(String name, float[] data, long[] dims) {
        checkElementCount(name, data.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(data.length, Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return withDims(name, TensorProto.DataType.FLOAT, dims)
                .setRawData(ByteString.copyFrom(buf.array()))
                .build();
    }

    static TensorProto int64Tensor(String name, long[] data, long[] dims) {
        checkElementCount(name, data.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(data.length, Long.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return withDims(name, TensorProto.DataType.INT64, dims)
                .setRawData(ByteString.copyFrom(buf.array()))
                .build();
    }

    /** Product of the dims (1 for a scalar), rejecting negative dims and overflow. */
    static long elementCount(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dimension must be >= 0, got " + d);
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void checkElementCount(String name, int length, long[] dims) {
        long expected = elementCount(dims);
        if (expected != length) {
            throw new IllegalArgumentException("initializer '" + name + "': dims "
                    + java.util.Arrays.toString(dims) + " hold " + expected + " values but "
                    + length + " were given");
        }
    }

    private static TensorProto.Builder withDims(String name, TensorProto.DataType type, long[] dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            b.addDims(d);
        }
        return b;
    }
}
