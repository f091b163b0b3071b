package dev.inspection.training.bgad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One level's conditional normalizing flow on DJL NDArrays (autograd through PyTorch): a chain of
 * {@code AllInOneBlock}-style couplings, methods.md §2.4, returning the per-dimension log-likelihood
 * of §2.5. The arrays live in the manager given at construction; forward temporaries go to the
 * manager of the input.
 */
public final class ConditionalFlow {

    /** {@code -ln sqrt(2 pi)}, FrEIA/BGAD's {@code _GCONST_}. */
    public static final double GAUSSIAN_LOG_CONST = -0.9189385332046727;
    /** Scale of the subnet output before the soft clamp (FrEIA AllInOneBlock). */
    static final float SUBNET_OUTPUT_SCALE = 0.1f;

    private final int channels;
    private final int conditionDim;
    private final float clamp;
    private final List<BlockArrays> blocks = new ArrayList<>();

    private record BlockArrays(NDArray w1, NDArray b1, NDArray w2, NDArray b2, NDArray gamma, NDArray beta,
                               NDArray rotationT) {
    }

    public ConditionalFlow(NDManager manager, FlowWeights weights) {
        this.channels = weights.channels();
        this.conditionDim = weights.conditionDim();
        this.clamp = weights.clamp();
        int h = weights.subnetInput();
        int c2 = weights.transformedChannels();
        for (CouplingWeights b : weights.blocks()) {
            float[] rotationT = transpose(b.rotation(), channels);
            blocks.add(new BlockArrays(
                    trainable(manager, b.w1(), h, 2 * h), trainable(manager, b.b1(), 2 * h),
                    trainable(manager, b.w2(), 2 * h, 2 * c2), trainable(manager, b.b2(), 2 * c2),
                    trainable(manager, b.gamma(), channels), trainable(manager, b.beta(), channels),
                    manager.create(rotationT, new Shape(channels, channels))));
        }
    }

    private static NDArray trainable(NDManager manager, float[] data, long... shape) {
        NDArray a = manager.create(data, new Shape(shape));
        a.setRequiresGradient(true);
        return a;
    }

    private static float[] transpose(float[] m, int n) {
        float[] t = new float[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                t[c * n + r] = m[r * n + c];
            }
        }
        return t;
    }

    public int channels() {
        return channels;
    }

    /** The arrays the optimiser updates, in a fixed order. */
    public List<NDArray> trainableParameters() {
        List<NDArray> out = new ArrayList<>(blocks.size() * 6);
        for (BlockArrays b : blocks) {
            out.add(b.w1);
            out.add(b.b1);
            out.add(b.w2);
            out.add(b.b2);
            out.add(b.gamma);
            out.add(b.beta);
        }
        return out;
    }

    /**
     * Per-dimension log-likelihood {@code (C * GCONST - |z|^2 / 2 + logdet) / C}, shape {@code [N]}.
     *
     * @param x         {@code [N, C]} reduced level rows
     * @param condition {@code [N, conditionDim]} positional codes
     */
    public NDArray logLikelihood(NDArray x, NDArray condition) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != channels) {
            throw new IllegalArgumentException("flow input must be [N, " + channels + "], got " + x.getShape());
        }
        if (condition.getShape().get(0) != x.getShape().get(0) || condition.getShape().get(1) != conditionDim) {
            throw new IllegalArgumentException("condition must be [" + x.getShape().get(0) + ", " + conditionDim
                    + "], got " + condition.getShape());
        }
        int c1 = FlowWeights.passiveChannels(channels);
        int c2 = channels / 2;
        NDArray z = x;
        NDArray logDet = null;
        // Every constant is an array of the caller's scope, alive until the scope closes (after the
        // backward pass). DJL's Number overloads (mul(0.5f), maximum(0f), div(c)) wrap the constant in a
        // Java direct buffer and close it as soon as the op returns, while autograd keeps a reference
        // for the backward pass: once collected, the backward read freed memory (non-finite gradients,
        // different weights on identical runs). Starting parameter chains from these arrays also frees
        // every temporary with the caller's scope (DJL attaches results to the receiver's manager).
        Constants k = new Constants(x.getManager(), clamp, channels);
        for (BlockArrays b : blocks) {
            NDArray x1 = z.get(new NDIndex(":, 0:" + c1));
            NDArray x2 = z.get(new NDIndex(":, " + c1 + ":"));
            NDArray hidden = x1.concat(condition, 1).matMul(b.w1).add(b.b1).maximum(k.zero);
            NDArray a = hidden.matMul(b.w2).add(b.b2).mul(k.subnetScale);
            NDArray s = a.get(new NDIndex(":, 0:" + c2)).tanh().mul(k.clamp);
            NDArray t = a.get(new NDIndex(":, " + c2 + ":"));
            NDArray y2 = x2.mul(s.exp()).add(t);
            NDArray g = k.one.mul(b.gamma).mul(k.half).exp().add(k.one).log().mul(k.fifth);
            z = x1.concat(y2, 1).mul(g).add(b.beta).matMul(b.rotationT);
            NDArray blockLogDet = s.sum(new int[] {1}).add(g.log().sum());
            logDet = logDet == null ? blockLogDet : logDet.add(blockLogDet);
        }
        NDArray logP = z.square().sum(new int[] {1}).mul(k.minusHalf).add(logDet).add(k.gaussianConst);
        return logP.div(k.channels);
    }

    /** The scalars of one forward pass, as arrays of its scope (see {@link #logLikelihood}). */
    private static final class Constants {
        final NDArray zero;
        final NDArray one;
        final NDArray half;
        final NDArray minusHalf;
        final NDArray fifth;
        final NDArray subnetScale;
        final NDArray clamp;
        final NDArray gaussianConst;
        final NDArray channels;

        Constants(NDManager scope, float clampAlpha, int channelCount) {
            zero = scope.create(0f);
            one = scope.create(1f);
            half = scope.create(0.5f);
            minusHalf = scope.create(-0.5f);
            fifth = scope.create(0.2f);
            subnetScale = scope.create(SUBNET_OUTPUT_SCALE);
            clamp = scope.create(clampAlpha);
            gaussianConst = scope.create((float) (channelCount * GAUSSIAN_LOG_CONST));
            channels = scope.create((float) channelCount);
        }
    }

    /** Current values as plain arrays (for export and saving). */
    public FlowWeights snapshot() {
        List<CouplingWeights> out = new ArrayList<>(blocks.size());
        for (BlockArrays b : blocks) {
            out.add(new CouplingWeights(b.w1.toFloatArray(), b.b1.toFloatArray(), b.w2.toFloatArray(),
                    b.b2.toFloatArray(), b.gamma.toFloatArray(), b.beta.toFloatArray(),
                    transpose(b.rotationT.toFloatArray(), channels)));
        }
        return new FlowWeights(channels, conditionDim, clamp, out);
    }
}
