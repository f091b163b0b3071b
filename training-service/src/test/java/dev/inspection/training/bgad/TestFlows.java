package dev.inspection.training.bgad;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Flows with non-trivial gamma/beta (as after training), for checks. */
final class TestFlows {

    private TestFlows() {
    }

    static FlowWeights perturbed(int channels, int cond, int blocks, long seed) {
        FlowWeights init = FlowWeights.initial(channels, cond, blocks, 1.9f, seed);
        SplittableRandom r = new SplittableRandom(seed + 99);
        List<CouplingWeights> out = new ArrayList<>();
        for (CouplingWeights b : init.blocks()) {
            float[] gamma = b.gamma().clone();
            float[] beta = b.beta().clone();
            for (int i = 0; i < gamma.length; i++) {
                gamma[i] += (float) (r.nextDouble() * 4 - 2);
                beta[i] = (float) (r.nextDouble() - 0.5);
            }
            float[] w2 = b.w2().clone();
            for (int i = 0; i < w2.length; i++) {
                w2[i] *= 8; // larger coupling scales so the soft clamp matters
            }
            out.add(new CouplingWeights(b.w1(), b.b1(), w2, b.b2(), gamma, beta, b.rotation()));
        }
        return new FlowWeights(channels, cond, 1.9f, out);
    }

    static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return out;
    }
}
