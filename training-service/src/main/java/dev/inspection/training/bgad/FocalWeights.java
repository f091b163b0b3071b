package dev.inspection.training.bgad;

/**
 * BGAD's focal weights (methods.md §2.6.2), computed on detached values {@code u = logp / normalizer}.
 */
public final class FocalWeights {

    private FocalWeights() {
    }

    /** Normal rows: 1 if {@code u > -0.2}, else {@code 11.7 sqrt(1 - e^u) |u|}. */
    public static double normal(double u) {
        if (u > -0.2) {
            return 1.0;
        }
        return 11.7 * Math.sqrt(Math.max(0.0, 1.0 - Math.exp(u))) * Math.abs(u);
    }

    /** Anomalous rows: 1 if {@code u <= -1}, else {@code 0.53 (1 + e^u)^2 / |u|}. */
    public static double abnormal(double u) {
        if (u <= -1.0) {
            return 1.0;
        }
        double e = 1.0 + Math.exp(u);
        return 0.53 * e * e / Math.max(Math.abs(u), 1e-6);
    }
}
