package dev.inspection.training.pipeline;

import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * Trains a method's head on patch embeddings of normal images (the SimpleNet trainer on DJL
 * implements it) and exports it to ONNX.
 */
public interface MethodTrainer {

    /**
     * @param normals      training features
     * @param config       effective hyperparameters ({@link dev.inspection.training.jobs.Presets} keys)
     * @param seed         random seed; the same seed and data repeat a run
     * @param onStep       called after optimiser steps
     * @param cancellation polled every step; throws {@link dev.inspection.training.jobs.JobCancelledException}
     */
    TrainedHead train(FeatureRows normals, SortedMap<String, String> config, long seed, Consumer<TrainingStep> onStep,
                      CancellationToken cancellation) throws Exception;

    /** A trained head. */
    interface TrainedHead extends AutoCloseable {

        /**
         * Writes the ONNX file(s) into {@code folder}. The "head" artifact takes float32 patch embeddings
         * {@code [N, dim]} as its only input and returns the raw patch anomaly score (SimpleNet:
         * {@code -D(adaptor(x))}, higher = more anomalous) as its first output, {@code [N]} or {@code [N, 1]}.
         */
        List<Artifact> exportOnnx(Path folder) throws IOException;

        /** Method constants frozen into the manifest's calibration (SimpleNet: "noise_std"). */
        Map<String, Double> calibrationConstants();

        @Override
        default void close() {
        }
    }

    /**
     * An exported ONNX file.
     *
     * @param role    "head" for SimpleNet
     * @param file    file name inside the export folder
     * @param inputs  graph input names
     * @param outputs graph output names
     */
    record Artifact(String role, String file, List<String> inputs, List<String> outputs) {
    }
}
