package dev.inspection.training.simplenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.nio.FloatBuffer;

/**
 * Patch scores {@code -D(adaptor(f))} of a trained model through its {@link FoldedHead} on DJL
 * PyTorch (the same graph the ONNX export serves). Holds the head on the native side until
 * {@link #close()}; open one per evaluation pass, not per image. Not thread-safe.
 */
public final class PatchScorer implements AutoCloseable {

    private final NDManager manager;
    private final int dim;
    private final NDArray weightTransposed;
    private final NDArray bias;
    private final NDArray outputColumn;
    private final float leakySlope;

    PatchScorer(FoldedHead head) {
        this.manager = NDManager.newBaseManager("PyTorch");
        this.dim = head.featureDim();
        this.weightTransposed = manager.create(head.weight(), new Shape(head.hiddenDim(), dim)).transpose();
        this.bias = manager.create(head.bias(), new Shape(head.hiddenDim()));
        this.outputColumn = manager.create(head.outputWeight(), new Shape(head.hiddenDim(), 1));
        this.leakySlope = (float) head.leakySlope();
    }

    /** Scores of {@code n} rows of {@code rows[0 .. n * D)}, higher = more anomalous. */
    public float[] score(float[] rows, int n) {
        if (n < 1 || (long) n * dim > rows.length) {
            throw new IllegalArgumentException("cannot score " + n + " rows of " + dim + " from " + rows.length
                    + " floats");
        }
        try (NDScope ignored = new NDScope()) {
            NDArray x = manager.create(FloatBuffer.wrap(rows, 0, n * dim), new Shape(n, dim));
            NDArray hidden = Activation.leakyRelu(x.matMul(weightTransposed).add(bias), leakySlope);
            return hidden.matMul(outputColumn).neg().toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
