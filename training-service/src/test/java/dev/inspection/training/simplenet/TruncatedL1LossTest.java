package dev.inspection.training.simplenet;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TruncatedL1LossTest {

    @Test
    void handMadeScores() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            // normal: max(0, .5 - 1) + max(0, .5 - .2) + max(0, .5 + .5) = 0 + .3 + 1 -> mean 1.3 / 3
            // noisy:  max(0, .5 - 1) + max(0, .5 + 0) + max(0, .5 + .7) = 0 + .5 + 1.2 -> mean 1.7 / 3
            float loss = TruncatedL1Loss.compute(manager.create(new float[] {1f, 0.2f, -0.5f}),
                    manager.create(new float[] {-1f, 0f, 0.7f}), 0.5).getFloat();
            assertEquals(1.0, loss, 1e-6);
            float separated = TruncatedL1Loss.compute(manager.create(new float[] {0.5f, 3f}),
                    manager.create(new float[] {-0.5f, -2f}), 0.5).getFloat();
            assertEquals(0.0, separated, 0.0);
        }
    }
}
