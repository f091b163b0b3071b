package dev.inspection.core.onnx;

import dev.inspection.core.onnx.proto.OnnxProtos.TensorShapeProto;

/**
 * One dimension of a graph input or output: either a fixed size or a symbolic name such as
 * {@code "N"} (ONNX {@code dim_param}), which the runtime binds per call.
 */
public final class OnnxDim {

    private final long size;
    private final String symbol;

    private OnnxDim(long size, String symbol) {
        this.size = size;
        this.symbol = symbol;
    }

    /** A fixed dimension; {@code size} must be at least 1. */
    public static OnnxDim fixed(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("fixed ONNX dimension must be >= 1, got " + size);
        }
        return new OnnxDim(size, null);
    }

    /** A symbolic dimension, e.g. {@code "N"} for the batch axis. */
    public static OnnxDim symbolic(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("symbolic ONNX dimension needs a non-blank name");
        }
        return new OnnxDim(-1, name);
    }

    /** Parses a shape such as {@code "N,3,H,W"}: numbers are fixed, anything else symbolic. */
    public static OnnxDim[] parseShape(String shape) {
        if (shape == null || shape.isBlank()) {
            return new OnnxDim[0];
        }
        String[] parts = shape.split(",");
        OnnxDim[] dims = new OnnxDim[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            dims[i] = p.chars().allMatch(Character::isDigit) && !p.isEmpty()
                    ? fixed(Long.parseLong(p)) : symbolic(p);
        }
        return dims;
    }

    public boolean isSymbolic() {
        return symbol != null;
    }

    /** The fixed size; only meaningful when {@link #isSymbolic()} is false. */
    public long size() {
        return size;
    }

    public String symbol() {
        return symbol;
    }

    TensorShapeProto.Dimension toProto() {
        TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
        return symbol != null ? b.setDimParam(symbol).build() : b.setDimValue(size).build();
    }

    @Override
    public String toString() {
        return symbol != null ? symbol : Long.toString(size);
    }
}
