package dev.inspection.training.simplenet;

import java.util.stream.IntStream;

/**
 * The scoring head with the adaptor and the eval-mode BatchNorm folded into the discriminator's first
 * layer, computed in double precision and rounded once to float:
 * <pre>
 *   s  = gamma / sqrt(runningVar + eps)
 *   W' = diag(s) W1 Wa                       [H, D]
 *   b' = s * (W1 ba + b1 - runningMean) + beta
 *   score(f) = -( w2 . LeakyReLU(W' f + b') )
 * </pre>
 * This is exact algebra (the adaptor is linear, eval BatchNorm is affine), and it cuts the per-patch
 * cost from D*D + D*H to D*H multiply-adds, which is what the serving graph runs.
 */
public final class FoldedHead {

    private final int featureDim;
    private final int hiddenDim;
    private final float[] weight;
    private final float[] bias;
    private final float[] outputWeight;
    private final double leakySlope;

    private FoldedHead(int featureDim, int hiddenDim, float[] weight, float[] bias, float[] outputWeight,
                       double leakySlope) {
        this.featureDim = featureDim;
        this.hiddenDim = hiddenDim;
        this.weight = weight;
        this.bias = bias;
        this.outputWeight = outputWeight;
        this.leakySlope = leakySlope;
    }

    /** Folds {@code w}; rows of W' are computed in parallel on the common pool. */
    public static FoldedHead fold(SimpleNetWeights w) {
        int d = w.featureDim();
        int h = w.hiddenDim();
        float[] wa = w.adaptorWeight();
        float[] ba = w.adaptorBias();
        float[] w1 = w.hiddenWeight();
        float[] folded = new float[h * d];
        float[] foldedBias = new float[h];
        IntStream.range(0, h).parallel().forEach(i -> {
            double scale = w.bnGamma()[i] / Math.sqrt(w.bnRunningVar()[i] + w.bnEps());
            double[] row = new double[d];
            double biasSum = 0;
            int w1Row = i * d;
            for (int k = 0; k < d; k++) {
                double a = w1[w1Row + k];
                biasSum += a * ba[k];
                int waRow = k * d;
                for (int j = 0; j < d; j++) {
                    row[j] += a * wa[waRow + j];
                }
            }
            for (int j = 0; j < d; j++) {
                folded[w1Row + j] = (float) (scale * row[j]);
            }
            foldedBias[i] = (float) (scale * (biasSum + w.hiddenBias()[i] - w.bnRunningMean()[i]) + w.bnBeta()[i]);
        });
        return new FoldedHead(d, h, folded, foldedBias, w.outputWeight().clone(), w.leakySlope());
    }

    public int featureDim() {
        return featureDim;
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    /** W' as [H, D] row-major (the array itself; do not modify). */
    public float[] weight() {
        return weight;
    }

    /** b' [H] (the array itself; do not modify). */
    public float[] bias() {
        return bias;
    }

    /** w2 [H] (the array itself; do not modify). */
    public float[] outputWeight() {
        return outputWeight;
    }

    public double leakySlope() {
        return leakySlope;
    }
}
