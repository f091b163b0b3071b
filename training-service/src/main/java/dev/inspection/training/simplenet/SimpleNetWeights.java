package dev.inspection.training.simplenet;

import java.util.SplittableRandom;

/**
 * The trainable state of SimpleNet as plain arrays (PyTorch layouts, row-major):
 * adaptor {@code Linear(D -> D)}, discriminator {@code Linear(D -> H) -> BatchNorm1d(H) -> LeakyReLU
 * -> Linear(H -> 1, no bias)}. Arrays are owned by this object; the accessors hand out the arrays
 * themselves (no copies) and callers must not modify them.
 */
public final class SimpleNetWeights {

    private final int featureDim;
    private final int hiddenDim;
    private final float[] adaptorWeight;
    private final float[] adaptorBias;
    private final float[] hiddenWeight;
    private final float[] hiddenBias;
    private final float[] bnGamma;
    private final float[] bnBeta;
    private final float[] bnRunningMean;
    private final float[] bnRunningVar;
    private final float[] outputWeight;
    private final double bnEps;
    private final double leakySlope;

    /**
     * @param adaptorWeight [D, D] (out, in)
     * @param adaptorBias   [D]
     * @param hiddenWeight  [H, D]
     * @param hiddenBias    [H]
     * @param bnGamma       [H]
     * @param bnBeta        [H]
     * @param bnRunningMean [H]
     * @param bnRunningVar  [H], positive
     * @param outputWeight  [H] (the single row of Linear(H -> 1))
     */
    public SimpleNetWeights(int featureDim, int hiddenDim, float[] adaptorWeight, float[] adaptorBias,
                            float[] hiddenWeight, float[] hiddenBias, float[] bnGamma, float[] bnBeta,
                            float[] bnRunningMean, float[] bnRunningVar, float[] outputWeight,
                            double bnEps, double leakySlope) {
        if (featureDim < 1 || hiddenDim < 1) {
            throw new IllegalArgumentException("featureDim and hiddenDim must be positive, got " + featureDim
                    + ", " + hiddenDim);
        }
        this.featureDim = featureDim;
        this.hiddenDim = hiddenDim;
        this.adaptorWeight = check("adaptorWeight", adaptorWeight, (long) featureDim * featureDim);
        this.adaptorBias = check("adaptorBias", adaptorBias, featureDim);
        this.hiddenWeight = check("hiddenWeight", hiddenWeight, (long) hiddenDim * featureDim);
        this.hiddenBias = check("hiddenBias", hiddenBias, hiddenDim);
        this.bnGamma = check("bnGamma", bnGamma, hiddenDim);
        this.bnBeta = check("bnBeta", bnBeta, hiddenDim);
        this.bnRunningMean = check("bnRunningMean", bnRunningMean, hiddenDim);
        this.bnRunningVar = check("bnRunningVar", bnRunningVar, hiddenDim);
        this.outputWeight = check("outputWeight", outputWeight, hiddenDim);
        for (float v : bnRunningVar) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("bnRunningVar must be non-negative, got " + v);
            }
        }
        if (!(bnEps > 0)) {
            throw new IllegalArgumentException("bnEps must be positive, got " + bnEps);
        }
        this.bnEps = bnEps;
        this.leakySlope = leakySlope;
    }

    /**
     * PyTorch's initialisation as the official code sets it (methods.md §1.4, §1.6): Xavier normal
     * on the three Linear weights, default Linear bias init U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
     * BatchNorm gamma 1, beta 0, running mean 0, running variance 1. Drawn from {@code random}, so a
     * seed fixes it.
     */
    public static SimpleNetWeights initialize(int featureDim, int hiddenDim, double bnEps, double leakySlope,
                                              SplittableRandom random) {
        float[] adaptorWeight = xavierNormal(featureDim, featureDim, random);
        float[] adaptorBias = uniformBias(featureDim, featureDim, random);
        float[] hiddenWeight = xavierNormal(hiddenDim, featureDim, random);
        float[] hiddenBias = uniformBias(hiddenDim, featureDim, random);
        float[] outputWeight = xavierNormal(1, hiddenDim, random);
        float[] ones = new float[hiddenDim];
        java.util.Arrays.fill(ones, 1f);
        return new SimpleNetWeights(featureDim, hiddenDim, adaptorWeight, adaptorBias, hiddenWeight, hiddenBias,
                ones, new float[hiddenDim], new float[hiddenDim], ones.clone(), outputWeight, bnEps, leakySlope);
    }

    private static float[] xavierNormal(int out, int in, SplittableRandom random) {
        double std = Math.sqrt(2.0 / (in + out));
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        return w;
    }

    private static float[] uniformBias(int out, int fanIn, SplittableRandom random) {
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] b = new float[out];
        for (int i = 0; i < out; i++) {
            b[i] = (float) random.nextDouble(-bound, bound);
        }
        return b;
    }

    private static float[] check(String name, float[] values, long expected) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException(name + " must have " + expected + " values, got "
                    + (values == null ? "none" : values.length));
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + " contains a non-finite value " + v);
            }
        }
        return values;
    }

    public int featureDim() {
        return featureDim;
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    public float[] adaptorWeight() {
        return adaptorWeight;
    }

    public float[] adaptorBias() {
        return adaptorBias;
    }

    public float[] hiddenWeight() {
        return hiddenWeight;
    }

    public float[] hiddenBias() {
        return hiddenBias;
    }

    public float[] bnGamma() {
        return bnGamma;
    }

    public float[] bnBeta() {
        return bnBeta;
    }

    public float[] bnRunningMean() {
        return bnRunningMean;
    }

    public float[] bnRunningVar() {
        return bnRunningVar;
    }

    public float[] outputWeight() {
        return outputWeight;
    }

    public double bnEps() {
        return bnEps;
    }

    public double leakySlope() {
        return leakySlope;
    }
}
