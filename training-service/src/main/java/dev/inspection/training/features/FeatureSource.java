package dev.inspection.training.features;

import java.io.IOException;

/**
 * Produces SimpleNet patch embeddings for an image: {@code patchesPerImage() x featureDim()} floats,
 * row-major, row {@code n = y * gridWidth + x}. In production the feature service computes them over
 * gRPC; {@link OnnxBackboneFeatureSource} runs the backbone in-process (benchmarks, tests).
 *
 * <p>{@link #backboneSha256()} and {@link #preprocessingId()} identify the features, so a
 * feature store ({@code pipeline.FeatureStore#fill}) can reuse them across runs without ever mixing
 * two backbones.
 */
public interface FeatureSource {

    /** Embeddings of one image, {@code patchesPerImage() * featureDim()} floats. */
    float[] embeddings(String imageId) throws IOException;

    /** Patches per image (SimpleNet at 288x288: 36 x 36 = 1296). */
    int patchesPerImage();

    /** Length of each embedding (SimpleNet: 1536). */
    int featureDim();

    /** Lower-case hex SHA-256 of the backbone model file. */
    String backboneSha256();

    /** Stable text naming the preprocessing and aggregation (e.g. "resize329-crop288-imagenet-simplenet1536"). */
    String preprocessingId();
}
