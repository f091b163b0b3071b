package dev.inspection.scoring.model;

import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.core.postprocess.AnomalyMapPipeline;

/**
 * The per-method part of serving a version: which features to ask the feature service for, how the
 * exported ONNX file(s) turn them into raw score grids, and the post-processing pipeline that turns
 * the grids into the raw map and image score. SimpleNet: {@link SimpleNetRunner}; BGAD plugs in here.
 *
 * <p>Implementations are thread-safe: many requests run on one runner at once.
 */
public interface ModelRunner extends AutoCloseable {

    /**
     * Sets what the feature service must return for this method (output kind, levels) on the options
     * the engine has filled with the version's backbone, preprocessing and dtype.
     */
    void requestFeatures(ExtractOptions.Builder options);

    /**
     * Raw score grids of one image, one row-major grid per pipeline level.
     *
     * @throws IllegalArgumentException when the features do not fit the model (names, shapes)
     */
    float[][] scoreGrids(ExtractResponse features);

    /** The shared post-processing for this version (grid shapes, upsampling, blur, image score). */
    AnomalyMapPipeline pipeline();

    /** Runs one inference on dummy features so that the first real request is not slow or broken. */
    void warmUp();

    /** Releases native sessions; called once no request uses the version any more. */
    @Override
    void close();
}
