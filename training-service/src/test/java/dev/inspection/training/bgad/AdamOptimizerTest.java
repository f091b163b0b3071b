package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

    /** Adam's first steps move each coordinate by ~lr against the gradient sign; gradients are cleared. */
    @Test
    void stepsLikePyTorchAdamAndClearsGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new float[] {1f, -2f});
            p.setRequiresGradient(true);
            AdamOptimizer adam = new AdamOptimizer(manager, List.of(p));
            for (int step = 0; step < 2; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(p.square().sum());
                }
                adam.step(0.1, 0, 1);
                assertArrayEquals(new float[] {0f, 0f}, p.getGradient().toFloatArray());
            }
            // step 1: exactly lr * sign(g); step 2 with g = 2p': m/sqrt(v) after bias correction ~ 1
            float[] v = p.toFloatArray();
            assertArrayEquals(new float[] {0.8f, -1.8f}, v, 2e-3f);
        }
    }

    /** A NaN gradient is detected and dropped; the next finite step starts from clean gradients and moments. */
    @Test
    void dropsNonFiniteGradientsWithoutTouchingParametersOrMoments() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new float[] {1f, -2f});
            p.setRequiresGradient(true);
            AdamOptimizer adam = new AdamOptimizer(manager, List.of(p));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(p.sqrt().sum()); // sqrt(-2): NaN value and gradient
            }
            assertFalse(adam.gradientsFinite(0, 1));
            adam.discardGradients(0, 1);
            assertArrayEquals(new float[] {0f, 0f}, p.getGradient().toFloatArray());
            assertArrayEquals(new float[] {1f, -2f}, p.toFloatArray());

            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(p.square().sum());
            }
            assertTrue(adam.gradientsFinite(0, 1));
            adam.step(0.1, 0, 1);
            // as the first step of a fresh optimiser: lr * sign(g)
            assertArrayEquals(new float[] {0.9f, -1.9f}, p.toFloatArray(), 1e-4f);
        }
    }

    /**
     * Dropping a NaN gradient must zero the parameter's own gradient memory. DJL's {@code NDArray.set(float[])}
     * rebinds the tensor to a direct buffer that lives only as long as the Java wrapper: once that is
     * collected, the next backward accumulated into freed memory (a training service died with SIGSEGV).
     */
    @Test
    void discardedGradientsKeepTheirOwnMemory() throws InterruptedException {
        int n = 1 << 14;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.full(new Shape(n), -1f);
            p.setRequiresGradient(true);
            AdamOptimizer adam = new AdamOptimizer(manager, List.of(p));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(p.sqrt().sum());
            }
            assertFalse(adam.gradientsFinite(0, 1));
            adam.discardGradients(0, 1);
            // let any buffer that only a dropped wrapper kept alive be freed, and its memory reused
            List<ByteBuffer> churn = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                System.gc();
                Thread.sleep(10);
                ByteBuffer b = ByteBuffer.allocateDirect(n * 4);
                while (b.hasRemaining()) {
                    b.put((byte) 0x42);
                }
                churn.add(b);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(p.sum());
            }
            float[] expected = new float[n];
            Arrays.fill(expected, 1f);
            assertArrayEquals(expected, p.getGradient().toFloatArray(), "gradient of sum() accumulated onto zeros");
            assertEquals(20, churn.size()); // the filler buffers stay reachable until after the backward
        }
    }

    /** A long training must not grow the manager: each step leaves exactly what it found. */
    @Test
    void stepsAndDiscardsLeaveNoArraysBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.full(new Shape(8), 0.5f);
            p.setRequiresGradient(true);
            AdamOptimizer adam = new AdamOptimizer(manager, List.of(p));
            int before = -1;
            for (int step = 0; step < 20; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                     NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8});
                    gc.backward(x.mul(p).sum());
                }
                if (step % 2 == 0) {
                    adam.step(1e-3, 0, 1);
                } else {
                    adam.discardGradients(0, 1);
                }
                int now = manager.getManagedArrays().size();
                if (before < 0) {
                    before = now;
                }
                assertEquals(before, now, "arrays in the training manager after step " + step);
            }
        }
    }
}
