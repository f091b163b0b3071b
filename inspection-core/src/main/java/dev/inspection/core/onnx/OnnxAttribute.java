package dev.inspection.core.onnx;

import com.google.protobuf.ByteString;
import dev.inspection.core.onnx.proto.OnnxProtos.AttributeProto;
import dev.inspection.core.onnx.proto.OnnxProtos.AttributeProto.AttributeType;

import java.nio.charset.StandardCharsets;

/** A typed node attribute (int, ints, float, floats, string), as ONNX operators declare them. */
public final class OnnxAttribute {

    private final AttributeProto proto;

    private OnnxAttribute(AttributeProto proto) {
        this.proto = proto;
    }

    public static OnnxAttribute ofInt(String name, long value) {
        return new OnnxAttribute(base(name, AttributeType.INT).setI(value).build());
    }

    public static OnnxAttribute ofInts(String name, long... values) {
        AttributeProto.Builder b = base(name, AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return new OnnxAttribute(b.build());
    }

    public static OnnxAttribute ofFloat(String name, float value) {
        return new OnnxAttribute(base(name, AttributeType.FLOAT).setF(value).build());
    }

    public static OnnxAttribute ofFloats(String name, float... values) {
        AttributeProto.Builder b = base(name, AttributeType.FLOATS);
        for (float v : values) {
            b.addFloats(v);
        }
        return new OnnxAttribute(b.build());
    }

    public static OnnxAttribute ofString(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("string attribute '" + name + "' has a null value");
        }
        return new OnnxAttribute(base(name, AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build());
    }

    public String name() {
        return proto.getName();
    }

    AttributeProto toProto() {
        return proto;
    }

    private static AttributeProto.Builder base(String name, AttributeType type) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("ONNX attribute needs a non-blank name");
        }
        return AttributeProto.newBuilder().setName(name).setType(type);
    }

    @Override
    public String toString() {
        return proto.getName() + ":" + proto.getType();
    }
}
