package dev.inspection.training.bgad;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed, non-trained map from a backbone level's rows to the flow's input: a seeded projection
 * with orthonormal columns ({@code in -> out} channels; the identity when they are equal) followed by a
 * per-channel standardisation with the mean and standard deviation of projected training-normal rows.
 * Both steps are linear, so they are folded into one {@code x W + b}, which is what training, the
 * Java scorer and the exported ONNX graph all apply.
 */
public final class ChannelReduction {

    private final int inChannels;
    private final int outChannels;
    private final long seed;
    /** [in, out] row-major: projection divided by the per-channel std. */
    private final float[] weight;
    /** [out]: -mean / std. */
    private final float[] bias;
    private final float[] mean;
    private final float[] std;

    private ChannelReduction(int inChannels, int outChannels, long seed, float[] projection, float[] mean, float[] std) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.seed = seed;
        this.mean = mean;
        this.std = std;
        this.weight = new float[inChannels * outChannels];
        this.bias = new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            bias[o] = -mean[o] / std[o];
        }
        for (int i = 0; i < inChannels; i++) {
            for (int o = 0; o < outChannels; o++) {
                weight[i * outChannels + o] = projection[i * outChannels + o] / std[o];
            }
        }
    }

    /** The projection alone (mean 0, std 1): the first step of {@link #fit}. */
    public static ChannelReduction projection(int inChannels, int outChannels, long seed) {
        if (outChannels < 1 || outChannels > inChannels) {
            throw new IllegalArgumentException("reduction must map " + inChannels + " channels to 1.."
                    + inChannels + ", got " + outChannels);
        }
        float[] unitStd = new float[outChannels];
        java.util.Arrays.fill(unitStd, 1f);
        return new ChannelReduction(inChannels, outChannels, seed, projectionMatrix(inChannels, outChannels, seed),
                new float[outChannels], unitStd);
    }

    /**
     * Projection plus standardisation with statistics of {@code sampleLevelRows} (each element holds
     * whole rows of {@code inChannels} floats, e.g. one training image's level).
     */
    public static ChannelReduction fit(int inChannels, int outChannels, long seed, List<float[]> sampleLevelRows) {
        ChannelReduction projection = projection(inChannels, outChannels, seed);
        double[] sum = new double[outChannels];
        double[] sumSq = new double[outChannels];
        long count = 0;
        for (float[] rows : sampleLevelRows) {
            if (rows.length % inChannels != 0) {
                throw new IllegalArgumentException("level rows of " + rows.length + " floats are not a multiple of "
                        + inChannels + " channels");
            }
            int n = rows.length / inChannels;
            float[] projected = new float[n * outChannels];
            projection.apply(rows, 0, n, projected, 0);
            for (int r = 0; r < n; r++) {
                for (int o = 0; o < outChannels; o++) {
                    double v = projected[r * outChannels + o];
                    sum[o] += v;
                    sumSq[o] += v * v;
                }
            }
            count += n;
        }
        if (count < 2) {
            throw new IllegalArgumentException("channel statistics need at least 2 rows, got " + count);
        }
        float[] mean = new float[outChannels];
        float[] std = new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            double m = sum[o] / count;
            double var = Math.max(0, sumSq[o] / count - m * m);
            mean[o] = (float) m;
            std[o] = (float) (Math.sqrt(var) + 1e-6);
        }
        return new ChannelReduction(inChannels, outChannels, seed, projectionMatrix(inChannels, outChannels, seed),
                mean, std);
    }

    /** Rebuilds a fitted reduction from its recorded constants (e.g. a saved model). */
    public static ChannelReduction of(int inChannels, int outChannels, long seed, float[] mean, float[] std) {
        if (mean.length != outChannels || std.length != outChannels) {
            throw new IllegalArgumentException("mean/std must have " + outChannels + " values");
        }
        return new ChannelReduction(inChannels, outChannels, seed, projectionMatrix(inChannels, outChannels, seed),
                mean.clone(), std.clone());
    }

    private static float[] projectionMatrix(int in, int out, long seed) {
        float[] p = new float[in * out];
        if (in == out) {
            for (int i = 0; i < in; i++) {
                p[i * out + i] = 1f;
            }
            return p;
        }
        double[][] q = RandomRotation.orthonormalColumns(in, out, seed);
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                p[i * out + o] = (float) q[i][o];
            }
        }
        return p;
    }

    /** {@code out[outOffset + r*out + o] = sum_i rows[offset + r*in + i] * W[i,o] + b[o]} for {@code count} rows. */
    public void apply(float[] rows, int offset, int count, float[] out, int outOffset) {
        if (offset < 0 || offset + (long) count * inChannels > rows.length) {
            throw new IndexOutOfBoundsException(count + " rows of " + inChannels + " channels at " + offset
                    + " exceed " + rows.length + " floats");
        }
        if (outOffset < 0 || outOffset + (long) count * outChannels > out.length) {
            throw new IndexOutOfBoundsException(count + " rows of " + outChannels + " channels at " + outOffset
                    + " exceed the output of " + out.length + " floats");
        }
        float[] acc = new float[outChannels];
        for (int r = 0; r < count; r++) {
            System.arraycopy(bias, 0, acc, 0, outChannels);
            int src = offset + r * inChannels;
            for (int i = 0; i < inChannels; i++) {
                float v = rows[src + i];
                if (v == 0f) {
                    continue; // post-ReLU levels are sparse
                }
                int w = i * outChannels;
                for (int o = 0; o < outChannels; o++) {
                    acc[o] += v * weight[w + o];
                }
            }
            System.arraycopy(acc, 0, out, outOffset + r * outChannels, outChannels);
        }
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    /** Folded {@code [in, out]} weight (copy). */
    public float[] foldedWeight() {
        return weight.clone();
    }

    /** Folded {@code [out]} bias (copy). */
    public float[] foldedBias() {
        return bias.clone();
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** Key/values for the model manifest; the statistics themselves live in the exported graph. */
    public Map<String, String> describe(String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(prefix + "kind", inChannels == outChannels ? "identity+standardize" : "orthonormal_projection+standardize");
        m.put(prefix + "in_channels", Integer.toString(inChannels));
        m.put(prefix + "out_channels", Integer.toString(outChannels));
        m.put(prefix + "projection", inChannels == outChannels ? "identity"
                : "gaussian(SplittableRandom seed " + seed + ", Box-Muller) -> modified Gram-Schmidt columns");
        m.put(prefix + "projection_seed", Long.toString(seed));
        m.put(prefix + "standardize", "per-channel mean/std of projected training-normal rows (folded into W, b)");
        return m;
    }
}
