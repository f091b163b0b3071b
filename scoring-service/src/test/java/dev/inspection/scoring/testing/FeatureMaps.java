package dev.inspection.scoring.testing;

import com.google.protobuf.UnsafeByteOperations;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.core.tensor.LittleEndian;

/** Feature maps as the feature service returns them, for tests and benchmarks. */
public final class FeatureMaps {

    private FeatureMaps() {
    }

    /** A float32 little-endian map named {@code name} with the given shape. */
    public static FeatureMap float32(String name, float[] values, int... shape) {
        Tensor.Builder tensor = Tensor.newBuilder().setDtype(DType.FLOAT32)
                .setData(UnsafeByteOperations.unsafeWrap(LittleEndian.toBytes(values)));
        for (int d : shape) {
            tensor.addShape(d);
        }
        return FeatureMap.newBuilder().setName(name).setTensor(tensor).build();
    }
}
