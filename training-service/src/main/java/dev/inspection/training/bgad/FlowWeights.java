package dev.inspection.training.bgad;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * All parameters of one level's conditional flow as plain arrays: what is trained (in DJL), exported
 * (ONNX) and saved. Shapes follow methods.md §2.4: split {@code c1 = ceil(C/2)} passive and
 * {@code c2 = floor(C/2)} transformed channels.
 */
public record FlowWeights(int channels, int conditionDim, float clamp, List<CouplingWeights> blocks) {

    public FlowWeights {
        if (channels < 2) {
            throw new IllegalArgumentException("a coupling flow needs at least 2 channels, got " + channels);
        }
        if (conditionDim < 0) {
            throw new IllegalArgumentException("condition width must be >= 0, got " + conditionDim);
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a flow needs at least one coupling block");
        }
        blocks = List.copyOf(blocks);
        int h = passiveChannels(channels) + conditionDim;
        int c2 = channels / 2;
        for (int i = 0; i < blocks.size(); i++) {
            CouplingWeights b = blocks.get(i);
            if (b.w1().length != h * 2 * h || b.b1().length != 2 * h || b.w2().length != 2 * h * 2 * c2
                    || b.b2().length != 2 * c2 || b.gamma().length != channels || b.beta().length != channels
                    || b.rotation().length != channels * channels) {
                throw new IllegalArgumentException("coupling block " + i + " has shapes that do not match C="
                        + channels + ", cond=" + conditionDim);
            }
        }
    }

    public static int passiveChannels(int channels) {
        return (channels + 1) / 2;
    }

    public int passiveChannels() {
        return passiveChannels(channels);
    }

    public int transformedChannels() {
        return channels / 2;
    }

    /** Subnet input width {@code c1 + conditionDim}. */
    public int subnetInput() {
        return passiveChannels() + conditionDim;
    }

    /**
     * A fresh flow: subnet layers with PyTorch's default {@code Linear} init (weights and biases
     * uniform in {@code +-1/sqrt(fan_in)}, no zero init), gamma at {@link CouplingWeights#GAMMA_INIT},
     * beta 0, and one seeded rotation per block. Deterministic per seed.
     */
    public static FlowWeights initial(int channels, int conditionDim, int blockCount, float clamp, long seed) {
        if (blockCount < 1) {
            throw new IllegalArgumentException("block count must be >= 1, got " + blockCount);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int h = passiveChannels(channels) + conditionDim;
        int c2 = channels / 2;
        List<CouplingWeights> blocks = new ArrayList<>(blockCount);
        for (int b = 0; b < blockCount; b++) {
            float[] gamma = new float[channels];
            java.util.Arrays.fill(gamma, CouplingWeights.GAMMA_INIT);
            blocks.add(new CouplingWeights(
                    uniform(random, h * 2 * h, h), uniform(random, 2 * h, h),
                    uniform(random, 2 * h * 2 * c2, 2 * h), uniform(random, 2 * c2, 2 * h),
                    gamma, new float[channels], RandomRotation.draw(channels, random.nextLong())));
        }
        return new FlowWeights(channels, conditionDim, clamp, blocks);
    }

    private static float[] uniform(SplittableRandom random, int size, int fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return out;
    }

    public FlowWeights copy() {
        return new FlowWeights(channels, conditionDim, clamp, blocks.stream().map(CouplingWeights::copy).toList());
    }

    /** Number of trained scalars (the rotations are fixed). */
    public long trainableParameterCount() {
        long n = 0;
        for (CouplingWeights b : blocks) {
            n += b.w1().length + b.b1().length + b.w2().length + b.b2().length + b.gamma().length + b.beta().length;
        }
        return n;
    }
}
