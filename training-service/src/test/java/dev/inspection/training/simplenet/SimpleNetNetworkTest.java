package dev.inspection.training.simplenet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Training steps inside per-step scopes leave no native arrays behind. */
class SimpleNetNetworkTest {

    @Test
    void stepsDoNotAccumulateNativeArrays() {
        int dim = 8;
        int n = 16;
        SplittableRandom random = new SplittableRandom(1);
        SimpleNetWeights weights = SimpleNetWeights.initialize(dim, 12, 1e-5, 0.2, random);
        float[] batch = new float[n * dim];
        float[] noise = new float[n * dim];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) random.nextGaussian();
            noise[i] = (float) (0.1 * random.nextGaussian());
        }
        AdamOptimizer adamW = AdamOptimizer.adamW(1e-3, 0.01, 0.9, 0.999, 1e-8);
        AdamOptimizer adam = AdamOptimizer.adam(1e-3, 1e-5, 0.9, 0.999, 1e-8);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
             SimpleNetNetwork network = new SimpleNetNetwork(manager, weights, 0.1)) {
            int afterFirst = -1;
            for (int step = 0; step < 50; step++) {
                try (NDScope ignored = new NDScope()) {
                    network.trainStep(batch, noise, n, 0.5, adamW, adam);
                }
                if (step == 0) {
                    afterFirst = network.manager().getManagedArrays().size();
                }
            }
            assertEquals(afterFirst, network.manager().getManagedArrays().size());
            assertEquals(50, adam.stepCount());
        }
    }
}
