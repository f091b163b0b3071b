package dev.inspection.training.simplenet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;

import java.nio.FloatBuffer;

/**
 * SimpleNet's adaptor and discriminator as DJL PyTorch tensors, with one training step (forward on
 * [true; noisy] rows, truncated L1 loss, backward, optimiser updates) and eval-mode scoring.
 *
 * <p>All tensors live in a sub-manager of the caller's manager and are freed by {@link #close()}.
 * Per-step temporaries must be created inside an {@link ai.djl.ndarray.NDScope} by the caller
 * (the trainer opens one per step), so 1000 steps allocate no lasting native memory. Not thread-safe.
 */
final class SimpleNetNetwork implements AutoCloseable {

    /** Scalars of one training step, read back from the device. */
    record StepStats(double loss, double meanNormal, double meanNoisy, double pTrue, double pFake) {
    }

    private final NDManager manager;
    private final Engine engine;
    private final int dim;
    private final int hidden;
    private final float leakySlope;
    private final double leakySlopeExact;
    private final double bnEps;
    private final double bnMomentum;

    final NDArray adaptorWeight;
    final NDArray adaptorBias;
    final NDArray hiddenWeight;
    final NDArray hiddenBias;
    final NDArray bnGamma;
    final NDArray bnBeta;
    final NDArray outputWeight;
    private final NDArray bnRunningMean;
    private final NDArray bnRunningVar;

    SimpleNetNetwork(NDManager parent, SimpleNetWeights w, double bnMomentum) {
        this.manager = parent.newSubManager();
        this.engine = parent.getEngine();
        this.dim = w.featureDim();
        this.hidden = w.hiddenDim();
        this.leakySlope = (float) w.leakySlope();
        this.leakySlopeExact = w.leakySlope();
        this.bnEps = w.bnEps();
        this.bnMomentum = bnMomentum;
        adaptorWeight = parameter(w.adaptorWeight(), dim, dim);
        adaptorBias = parameter(w.adaptorBias(), dim);
        hiddenWeight = parameter(w.hiddenWeight(), hidden, dim);
        hiddenBias = parameter(w.hiddenBias(), hidden);
        bnGamma = parameter(w.bnGamma(), hidden);
        bnBeta = parameter(w.bnBeta(), hidden);
        outputWeight = parameter(w.outputWeight(), 1, hidden);
        bnRunningMean = manager.create(w.bnRunningMean(), new Shape(hidden));
        bnRunningVar = manager.create(w.bnRunningVar(), new Shape(hidden));
    }

    private NDArray parameter(float[] values, long... shape) {
        NDArray p = manager.create(values, new Shape(shape));
        p.setRequiresGradient(true);
        return p;
    }

    NDArray[] adaptorParameters() {
        return new NDArray[] {adaptorWeight, adaptorBias};
    }

    NDArray[] discriminatorParameters() {
        return new NDArray[] {hiddenWeight, hiddenBias, bnGamma, bnBeta, outputWeight};
    }

    NDManager manager() {
        return manager;
    }

    /** Rows as a [n, D] tensor (the caller's scope owns it). */
    NDArray rows(float[] data, int n) {
        return manager.create(FloatBuffer.wrap(data, 0, n * dim), new Shape(n, dim));
    }

    /** Adaptor output {@code x W_a^T + b_a}, no gradient recording unless a collector is open. */
    NDArray adapt(NDArray x) {
        return x.matMul(adaptorWeight.transpose()).add(adaptorBias);
    }

    /**
     * One optimisation step on {@code n} true rows and their noise ({@code [n, D]}, already scaled):
     * noisy = adapt(x) + noise; scores of [true; noisy] with batch-statistics BatchNorm; loss =
     * mean relu(th - D(true)) + mean relu(th + D(noisy)); backward; both optimisers step; running
     * statistics updated as PyTorch does (unbiased batch variance). Gradients are zeroed afterwards.
     */
    StepStats trainStep(float[] batch, float[] noise, int n, double margin, AdamOptimizer adaptorOptimizer,
                        AdamOptimizer discriminatorOptimizer) {
        NDArray x = rows(batch, n);
        NDArray eps = rows(noise, n);
        NDArray loss;
        NDArray scores;
        NDArray batchMean;
        NDArray batchVar;
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray adapted = adapt(x);
            NDArray both = adapted.concat(adapted.add(eps), 0);
            NDArray h = both.matMul(hiddenWeight.transpose()).add(hiddenBias);
            batchMean = h.mean(new int[] {0});
            NDArray centred = h.sub(batchMean);
            batchVar = centred.square().mean(new int[] {0});
            NDArray normalised = centred.div(batchVar.add(bnEps).sqrt()).mul(bnGamma).add(bnBeta);
            NDArray activated = Activation.leakyRelu(normalised, leakySlope);
            scores = activated.matMul(outputWeight.transpose()).reshape(2L * n);
            NDArray trueScores = scores.get("0:" + n);
            NDArray noisyScores = scores.get(n + ":");
            loss = TruncatedL1Loss.compute(trueScores, noisyScores, margin);
            collector.backward(loss);
        }
        adaptorOptimizer.step(adaptorParameters());
        discriminatorOptimizer.step(discriminatorParameters());
        updateRunningStatistics(batchMean.stopGradient(), batchVar.stopGradient(), 2L * n);
        return stats(loss, scores.stopGradient(), n, margin);
    }

    private void updateRunningStatistics(NDArray mean, NDArray biasedVar, long count) {
        double unbias = count > 1 ? (double) count / (count - 1) : 1.0;
        bnRunningMean.muli(1 - bnMomentum).addi(mean.mul(bnMomentum));
        bnRunningVar.muli(1 - bnMomentum).addi(biasedVar.mul(bnMomentum * unbias));
    }

    private static StepStats stats(NDArray loss, NDArray scores, int n, double margin) {
        float[] s = scores.toFloatArray();
        double sumTrue = 0;
        double sumNoisy = 0;
        int aboveMargin = 0;
        int belowMargin = 0;
        for (int i = 0; i < n; i++) {
            sumTrue += s[i];
            sumNoisy += s[n + i];
            if (s[i] >= margin) {
                aboveMargin++;
            }
            if (s[n + i] < -margin) {
                belowMargin++;
            }
        }
        return new StepStats(loss.getFloat(), sumTrue / n, sumNoisy / n, (double) aboveMargin / n,
                (double) belowMargin / n);
    }

    /** Eval-mode discriminator scores D(adapt(x)) of {@code n} rows (running BatchNorm statistics). */
    float[] evalScores(float[] data, int n) {
        NDArray h = adapt(rows(data, n)).matMul(hiddenWeight.transpose()).add(hiddenBias);
        NDArray normalised = h.sub(bnRunningMean).div(bnRunningVar.add(bnEps).sqrt()).mul(bnGamma).add(bnBeta);
        return Activation.leakyRelu(normalised, leakySlope).matMul(outputWeight.transpose()).toFloatArray();
    }

    /** Current weights copied to Java arrays. */
    SimpleNetWeights snapshot() {
        return new SimpleNetWeights(dim, hidden, adaptorWeight.toFloatArray(), adaptorBias.toFloatArray(),
                hiddenWeight.toFloatArray(), hiddenBias.toFloatArray(), bnGamma.toFloatArray(),
                bnBeta.toFloatArray(), bnRunningMean.toFloatArray(), bnRunningVar.toFloatArray(),
                outputWeight.toFloatArray(), bnEps, leakySlopeExact);
    }

    @Override
    public void close() {
        manager.close();
    }
}
