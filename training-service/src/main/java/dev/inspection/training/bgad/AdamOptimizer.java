package dev.inspection.training.bgad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (PyTorch defaults: betas 0.9/0.999, eps 1e-8, no weight decay) over NDArrays, updating in place
 * outside autograd and clearing the gradients afterwards. One instance covers all levels' flows, as
 * in the official code; a parameter whose gradient is absent in a step (another level's chunk) keeps
 * its moments and its own step count.
 */
public final class AdamOptimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;
    private static final NDIndex ALL = new NDIndex("...");

    private final List<NDArray> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final int[] steps;
    /** What gradients are reset to: one array, since set(index, 0f) leaves a new one in the manager per call. */
    private final NDArray zero;

    public AdamOptimizer(NDManager manager, List<NDArray> parameters) {
        this.parameters = List.copyOf(parameters);
        this.zero = manager.create(0f);
        for (NDArray p : this.parameters) {
            firstMoments.add(manager.zeros(p.getShape()));
            secondMoments.add(manager.zeros(p.getShape()));
        }
        this.steps = new int[this.parameters.size()];
    }

    /**
     * Zeroes moment entries below the smallest normal float. Moments of parameters whose gradient stays
     * 0 (dead ReLU units) decay geometrically into subnormals, and subnormal arithmetic is very slow on
     * x86 (the PyTorch reference sets {@code torch.set_flush_denormal(True)}, which DJL does not expose).
     * A magnetic-tile run slowed from ~0.6 s to minutes per step before this was added.
     */
    private static void flushSubnormals(NDArray moment) {
        try (NDArray magnitude = moment.abs(); NDArray keep = magnitude.gte(Float.MIN_NORMAL)) {
            moment.muli(keep);
        }
    }

    /** Applies one update to the parameters at {@code indices} (those the last backward reached). */
    public void step(double learningRate, int fromIndex, int toIndex) {
        for (int i = fromIndex; i < toIndex; i++) {
            NDArray p = parameters.get(i);
            try (NDArray grad = p.getGradient()) {
                int t = ++steps[i];
                NDArray m = firstMoments.get(i);
                NDArray v = secondMoments.get(i);
                m.muli(BETA1);
                try (NDArray gm = grad.mul(1f - BETA1); NDArray g2 = grad.square().muli(1f - BETA2)) {
                    m.addi(gm);
                    v.muli(BETA2).addi(g2);
                }
                flushSubnormals(m);
                flushSubnormals(v);
                double c1 = 1 - Math.pow(BETA1, t);
                double c2 = 1 - Math.pow(BETA2, t);
                float stepSize = (float) (learningRate / c1);
                try (NDArray vHat = v.div((float) c2); NDArray denom = vHat.sqrt().addi(EPS);
                     NDArray update = m.div(denom).muli(stepSize)) {
                    p.subi(update);
                }
                zeroInPlace(grad); // the next backward accumulates into it
            }
        }
    }

    /** Whether every gradient of the parameters at the indices is finite (one reduction per tensor). */
    public boolean gradientsFinite(int fromIndex, int toIndex) {
        for (int i = fromIndex; i < toIndex; i++) {
            try (NDArray grad = parameters.get(i).getGradient(); NDArray total = grad.sum()) {
                // A sum is non-finite when any element is (or when finite ones overflow it: no better sign).
                if (!Float.isFinite(total.getFloat())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes zeros into the gradient's own memory (index_put_ over the whole tensor), NaN entries
     * included (NaN - NaN stays NaN). Not set(float[]): on PyTorch that rebinds the tensor to a direct
     * buffer owned by the wrapper, and the next backward would accumulate into freed memory.
     */
    private void zeroInPlace(NDArray grad) {
        grad.set(ALL, zero);
    }

    /** Drops the gradients of the parameters at the indices without an update (moments and steps unchanged). */
    public void discardGradients(int fromIndex, int toIndex) {
        for (int i = fromIndex; i < toIndex; i++) {
            try (NDArray grad = parameters.get(i).getGradient()) {
                zeroInPlace(grad);
            }
        }
    }
}
