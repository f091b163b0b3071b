package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import java.util.List;

/**
 * Where BGAD gets its backbone levels: in production the feature service's LEVEL_MAPS output over
 * gRPC, in tests and benchmarks the shared ONNX trunk in process ({@link OnnxTrunkFeatureSource}).
 */
public interface LevelFeatureSource {

    /** Level shapes (layer1..3) for a square input of {@code inputSize}. */
    List<LevelShape> levelShapes(int inputSize);

    /**
     * Preprocesses each image with {@code spec} and returns, per image, one array per level holding
     * that level's rows {@code [H*W, C]} (row {@code y*W + x}, see
     * {@link dev.inspection.core.features.LevelMaps#toPositionRows}).
     */
    List<float[][]> extract(List<RgbImage> images, PreprocessingSpec spec);
}
