package dev.inspection.training.bgad;

/**
 * Parameters of one {@code AllInOneBlock}-style coupling block (methods.md §2.4), row-major float
 * arrays: subnet {@code Linear(h -> 2h) -> ReLU -> Linear(2h -> 2 c2)} on {@code [x1, cond]} with
 * {@code h = c1 + condDim}, the global-affine pre-activation {@code gamma} and offset {@code beta}, and the
 * fixed rotation {@code [C, C]} (applied as {@code y = W u}, i.e. rows times {@code W^T}).
 *
 * @param w1 {@code [h, 2h]} (input-major, so {@code x @ w1})
 * @param w2 {@code [2h, 2 c2]}
 */
public record CouplingWeights(float[] w1, float[] b1, float[] w2, float[] b2, float[] gamma, float[] beta,
                              float[] rotation) {

    /** FrEIA's global-affine init: {@code 2 ln(e^5 - 1)}, so the SOFTPLUS scale starts at exactly 1. */
    public static final float GAMMA_INIT = (float) (2.0 * Math.log(Math.exp(5.0) - 1.0));

    public CouplingWeights copy() {
        return new CouplingWeights(w1.clone(), b1.clone(), w2.clone(), b2.clone(), gamma.clone(), beta.clone(),
                rotation.clone());
    }

    /** The SOFTPLUS global scale {@code g = 0.2 ln(1 + exp(0.5 gamma))} per channel. */
    public float[] globalScale() {
        float[] g = new float[gamma.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (0.2 * softplus(0.5 * gamma[i]));
        }
        return g;
    }

    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
