package dev.inspection.training.bgad;

/** Straight double-precision forward and inverse of a {@link FlowWeights} flow, for checks. */
final class ReferenceFlow {

    private final FlowWeights w;

    ReferenceFlow(FlowWeights weights) {
        this.w = weights;
    }

    /** z for one row; {@code logDet[0]} receives the log-determinant. */
    double[] forward(double[] x, double[] cond, double[] logDet) {
        int c = w.channels();
        int c1 = w.passiveChannels();
        int c2 = w.transformedChannels();
        double[] z = x.clone();
        double ld = 0;
        for (CouplingWeights b : w.blocks()) {
            double[] a = subnet(b, z, cond);
            double[] u = new double[c];
            System.arraycopy(z, 0, u, 0, c1);
            for (int i = 0; i < c2; i++) {
                double s = w.clamp() * Math.tanh(a[i]);
                u[c1 + i] = z[c1 + i] * Math.exp(s) + a[c2 + i];
                ld += s;
            }
            float[] g = b.globalScale();
            for (int i = 0; i < c; i++) {
                u[i] = u[i] * g[i] + b.beta()[i];
                ld += Math.log(g[i]);
            }
            z = rotate(b.rotation(), u, c, false);
        }
        logDet[0] = ld;
        return z;
    }

    double[] inverse(double[] z, double[] cond) {
        int c = w.channels();
        int c1 = w.passiveChannels();
        int c2 = w.transformedChannels();
        double[] x = z.clone();
        for (int k = w.blocks().size() - 1; k >= 0; k--) {
            CouplingWeights b = w.blocks().get(k);
            double[] u = rotate(b.rotation(), x, c, true);
            float[] g = b.globalScale();
            for (int i = 0; i < c; i++) {
                u[i] = (u[i] - b.beta()[i]) / g[i];
            }
            double[] a = subnet(b, u, cond);
            for (int i = 0; i < c2; i++) {
                double s = w.clamp() * Math.tanh(a[i]);
                u[c1 + i] = (u[c1 + i] - a[c2 + i]) * Math.exp(-s);
            }
            x = u;
        }
        return x;
    }

    double logLikelihoodPerDim(double[] x, double[] cond) {
        double[] ld = new double[1];
        double[] z = forward(x, cond, ld);
        double sq = 0;
        for (double v : z) {
            sq += v * v;
        }
        return (w.channels() * ConditionalFlow.GAUSSIAN_LOG_CONST - 0.5 * sq + ld[0]) / w.channels();
    }

    private double[] subnet(CouplingWeights b, double[] z, double[] cond) {
        int c1 = w.passiveChannels();
        int h = w.subnetInput();
        int c2 = w.transformedChannels();
        double[] in = new double[h];
        System.arraycopy(z, 0, in, 0, c1);
        System.arraycopy(cond, 0, in, c1, w.conditionDim());
        double[] hidden = new double[2 * h];
        for (int o = 0; o < 2 * h; o++) {
            double acc = b.b1()[o];
            for (int i = 0; i < h; i++) {
                acc += in[i] * b.w1()[i * 2 * h + o];
            }
            hidden[o] = Math.max(0, acc);
        }
        double[] a = new double[2 * c2];
        for (int o = 0; o < 2 * c2; o++) {
            double acc = b.b2()[o];
            for (int i = 0; i < 2 * h; i++) {
                acc += hidden[i] * b.w2()[i * 2 * c2 + o];
            }
            a[o] = ConditionalFlow.SUBNET_OUTPUT_SCALE * acc;
        }
        return a;
    }

    /** {@code W v} (or {@code W^T v} when transposed). */
    private static double[] rotate(float[] m, double[] v, int n, boolean transposed) {
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            double acc = 0;
            for (int k = 0; k < n; k++) {
                acc += (transposed ? m[k * n + r] : m[r * n + k]) * v[k];
            }
            out[r] = acc;
        }
        return out;
    }
}
