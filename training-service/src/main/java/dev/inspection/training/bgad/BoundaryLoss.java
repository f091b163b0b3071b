package dev.inspection.training.bgad;

import java.util.Arrays;

/**
 * BGAD's per-chunk losses (methods.md §2.5, §2.6) reduced to per-row coefficients, so the selection
 * logic (boundaries, focal weights, selected sets) runs on plain detached floats and the autograd
 * graph is just {@code sum(softplusWeight * softplus(-logp)) + sum(linearWeight * logp)}: with the
 * boundaries detached that has exactly the gradient of
 * {@code mean_normal(w -log sigmoid(logp)) + lambda (L_n + L_a)}. {@link Terms#value()} is the loss
 * itself, constants included. Empty selections contribute 0 (methods.md: "Java: treat an empty set as
 * 0 loss").
 */
public final class BoundaryLoss {

    /**
     * @param beta       quantile of the normal log-likelihoods that sets {@code b_n} (0.01 in the README)
     * @param tau        margin {@code b_a = b_n - tau}, in {@code logp / normalizer} units
     * @param normalizer the extra scale {@code u = logp / normalizer} (10)
     * @param lambda     weight of {@code L_n + L_a}
     * @param focal      focal weighting on or off
     */
    public record Settings(double beta, double tau, double normalizer, double lambda, boolean focal) {
        public Settings {
            if (!(beta >= 0 && beta < 1)) {
                throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
            }
            if (!(normalizer > 0)) {
                throw new IllegalArgumentException("normalizer must be positive, got " + normalizer);
            }
        }
    }

    /**
     * @param softplusWeights  per row, the factor of {@code softplus(-logp)} (= {@code -log sigmoid})
     * @param linearWeights    per row, the factor of {@code logp}
     * @param value            the loss value
     * @param normalBoundary   {@code b_n} in {@code logp / normalizer} units, NaN when not computed
     * @param anomalousRows    rows marked anomalous in the chunk
     * @param activeAnomalous  anomalous rows above {@code b_a} (those pushed down)
     */
    public record Terms(float[] softplusWeights, float[] linearWeights, double value, double normalBoundary,
                        int anomalousRows, int activeAnomalous) {
    }

    private BoundaryLoss() {
    }

    /** Epoch-0 loss {@code mean(-log sigmoid(logp))} over all rows (normal data only, no focal weights). */
    public static Terms maximumLikelihood(float[] logp) {
        int n = logp.length;
        float[] soft = new float[n];
        double value = 0;
        if (n > 0) {
            Arrays.fill(soft, 1f / n);
            for (float v : logp) {
                value += CouplingWeights.softplus(-v);
            }
            value /= n;
        }
        return new Terms(soft, new float[n], value, Double.NaN, 0, 0);
    }

    /**
     * Loss of a chunk after epoch 0: focal-weighted ML on the normal rows, plus, when the chunk has
     * anomalous rows, {@code lambda (L_n + L_a)} around the chunk's own boundaries.
     */
    public static Terms boundaryGuided(float[] logp, boolean[] anomalous, Settings s) {
        int n = logp.length;
        if (anomalous.length != n) {
            throw new IllegalArgumentException("anomaly flags (" + anomalous.length + ") do not match rows (" + n + ")");
        }
        float[] soft = new float[n];
        float[] linear = new float[n];
        int normalCount = 0;
        for (boolean a : anomalous) {
            normalCount += a ? 0 : 1;
        }
        int anomalousCount = n - normalCount;
        if (normalCount == 0) {
            // No normal rows: no ML term and no boundary to push against.
            return new Terms(soft, linear, 0.0, Double.NaN, anomalousCount, 0);
        }
        double value = 0;
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            double u = logp[i] / s.normalizer();
            weight[i] = !s.focal() ? 1.0 : anomalous[i] ? FocalWeights.abnormal(u) : FocalWeights.normal(u);
            if (!anomalous[i]) {
                soft[i] = (float) (weight[i] / normalCount);
                value += weight[i] * CouplingWeights.softplus(-logp[i]);
            }
        }
        value /= normalCount;
        if (anomalousCount == 0) {
            return new Terms(soft, linear, value, Double.NaN, 0, 0);
        }
        double[] normalU = new double[normalCount];
        for (int i = 0, k = 0; i < n; i++) {
            if (!anomalous[i]) {
                normalU[k++] = logp[i] / s.normalizer();
            }
        }
        Arrays.sort(normalU);
        double bn = normalU[(int) (s.beta() * normalCount)];
        double ba = bn - s.tau();
        int selectedNormal = 0;
        int selectedAnomalous = 0;
        for (int i = 0; i < n; i++) {
            double u = logp[i] / s.normalizer();
            if (anomalous[i] ? u >= ba : u <= bn) {
                if (anomalous[i]) {
                    selectedAnomalous++;
                } else {
                    selectedNormal++;
                }
            }
        }
        double pull = 0;
        double push = 0;
        for (int i = 0; i < n; i++) {
            double u = logp[i] / s.normalizer();
            if (!anomalous[i] && u <= bn) {
                pull += weight[i] * (bn - u);
                linear[i] = (float) (-s.lambda() * weight[i] / (s.normalizer() * selectedNormal));
            } else if (anomalous[i] && u >= ba) {
                push += weight[i] * (u - ba);
                linear[i] = (float) (s.lambda() * weight[i] / (s.normalizer() * selectedAnomalous));
            }
        }
        double ln = selectedNormal == 0 ? 0 : pull / selectedNormal;
        double la = selectedAnomalous == 0 ? 0 : push / selectedAnomalous;
        return new Terms(soft, linear, value + s.lambda() * (ln + la), bn, anomalousCount, selectedAnomalous);
    }
}
