package dev.inspection.training.simplenet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import java.time.Duration;

/**
 * A trained SimpleNet head: the learned weights, their fold for serving, and what the training run
 * did (the manifest records it). Immutable; scoring opens native resources per call or per
 * {@link #openScorer()}.
 *
 * @see SimpleNetOnnxExporter
 */
public final class TrainedSimpleNet {

    private final SimpleNetWeights weights;
    private final FoldedHead foldedHead;
    private final SimpleNetConfig config;
    private final TrainingSummary summary;

    /**
     * What a run did.
     *
     * @param steps            optimiser steps completed
     * @param trainingImages   images trained on
     * @param noiseStd         sigma actually used for the anomaly noise
     * @param adaptedSpread    mean per-dimension std of the adapted training features at initialisation
     *                         (NaN when the fixed noise rule did not need it)
     * @param finalLoss        loss of the last step
     * @param trainingTime     wall time of the step loop
     */
    public record TrainingSummary(int steps, int trainingImages, double noiseStd, double adaptedSpread,
                                  double finalLoss, Duration trainingTime) {
    }

    public TrainedSimpleNet(SimpleNetWeights weights, SimpleNetConfig config, TrainingSummary summary) {
        if (weights == null || config == null || summary == null) {
            throw new IllegalArgumentException("weights, config and summary are required");
        }
        this.weights = weights;
        this.config = config;
        this.summary = summary;
        this.foldedHead = FoldedHead.fold(weights);
    }

    public SimpleNetWeights weights() {
        return weights;
    }

    public FoldedHead foldedHead() {
        return foldedHead;
    }

    public SimpleNetConfig config() {
        return config;
    }

    public TrainingSummary summary() {
        return summary;
    }

    public int featureDim() {
        return weights.featureDim();
    }

    /** A reusable scorer over the folded head; close it when done. */
    public PatchScorer openScorer() {
        return new PatchScorer(foldedHead);
    }

    /** Patch scores {@code -D(adaptor(f))} of {@code n} rows, via the folded head. */
    public float[] scorePatches(float[] rows, int n) {
        try (PatchScorer scorer = openScorer()) {
            return scorer.score(rows, n);
        }
    }

    /**
     * Patch scores computed the unfolded way (adaptor, then discriminator with eval-mode BatchNorm), in
     * float32 on DJL: the reference the fold and the ONNX export are checked against. About 2.5x the
     * cost of {@link #scorePatches}.
     */
    public float[] scorePatchesUnfolded(float[] rows, int n) {
        if (n < 1 || (long) n * featureDim() > rows.length) {
            throw new IllegalArgumentException("cannot score " + n + " rows of " + featureDim() + " from "
                    + rows.length + " floats");
        }
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
             SimpleNetNetwork network = new SimpleNetNetwork(manager, weights, config.batchNormMomentum());
             NDScope ignored = new NDScope()) {
            float[] d = network.evalScores(rows, n);
            for (int i = 0; i < d.length; i++) {
                d[i] = -d[i];
            }
            return d;
        }
    }

    /** Image score: the maximum raw patch score (methods.md §1.9, before upsampling and blur). */
    public static float imageScore(float[] patchScores, int offset, int patches) {
        if (patches < 1 || offset < 0 || offset + patches > patchScores.length) {
            throw new IllegalArgumentException("no patch scores at [" + offset + ", " + (offset + patches)
                    + ") of " + patchScores.length);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + patches; i++) {
            max = Math.max(max, patchScores[i]);
        }
        return max;
    }
}
