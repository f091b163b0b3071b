package dev.inspection.training.pipeline;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.training.jobs.TrainingException;

/** The effective preprocessing of a job: the backbone's defaults with the request's override applied. */
public final class Preprocessings {
    private Preprocessings() {
    }

    /**
     * Every field set: mode, sizes, mean and std.
     *
     * @param override null or a partial override (zero / empty fields keep the default)
     * @throws TrainingException INVALID_ARGUMENT for an inconsistent combination
     */
    public static Preprocessing effective(Preprocessing defaults, Preprocessing override) {
        Preprocessing.Builder b = defaults.toBuilder();
        if (b.getMode() == ResizeMode.RESIZE_MODE_UNSPECIFIED) {
            b.setMode(ResizeMode.RESIZE_CENTER_CROP);
        }
        if (override != null) {
            if (override.getMode() != ResizeMode.RESIZE_MODE_UNSPECIFIED) {
                b.setMode(override.getMode());
            }
            if (override.getCropSize() != 0) {
                b.setCropSize(override.getCropSize());
            }
            if (override.getResizeSize() != 0) {
                b.setResizeSize(override.getResizeSize());
            }
            if (override.getMeanCount() > 0) {
                b.clearMean().addAllMean(override.getMeanList());
            }
            if (override.getStdCount() > 0) {
                b.clearStd().addAllStd(override.getStdList());
            }
        }
        if (b.getMode() == ResizeMode.RESIZE_WHOLE) {
            b.setResizeSize(b.getCropSize());
        }
        Preprocessing p = b.build();
        toSpec(p);
        return p;
    }

    /** @throws TrainingException INVALID_ARGUMENT when the values do not form a valid spec */
    public static PreprocessingSpec toSpec(Preprocessing p) {
        try {
            PreprocessingSpec.Mode mode = p.getMode() == ResizeMode.RESIZE_WHOLE ? PreprocessingSpec.Mode.RESIZE_WHOLE
                    : PreprocessingSpec.Mode.RESIZE_CENTER_CROP;
            return new PreprocessingSpec(mode, p.getResizeSize(), p.getCropSize(), floats(p.getMeanList(), "mean"),
                    floats(p.getStdList(), "std"));
        } catch (IllegalArgumentException e) {
            throw TrainingException.invalidArgument("preprocessing: " + e.getMessage());
        }
    }

    /** Deterministic text of a preprocessing (feature-cache key). */
    public static String canonical(Preprocessing p) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(p);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] floats(java.util.List<Float> values, String name) {
        if (values.size() != 3) {
            throw new IllegalArgumentException(name + " needs 3 values (R, G, B), got " + values.size());
        }
        return new float[] {values.get(0), values.get(1), values.get(2)};
    }
}
