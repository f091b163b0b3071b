package dev.inspection.training.simplenet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The NDArray Adam/AdamW follow torch.optim's formulas (evaluated here in double by hand). */
class AdamOptimizerTest {

    private static final double LR = 0.1;
    private static final double WD = 0.05;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;

    @Test
    void adamWAndAdamMatchTorchFormulas() {
        assertEquals(reference(true), run(AdamOptimizer.adamW(LR, WD, B1, B2, EPS)), 1e-6);
        assertEquals(reference(false), run(AdamOptimizer.adam(LR, WD, B1, B2, EPS)), 1e-6);
    }

    /** Three steps on f(p) = p^3 from p = 1 (gradient 3p^2). */
    private static double run(AdamOptimizer optimizer) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            NDArray p = manager.create(new float[] {1f});
            p.setRequiresGradient(true);
            for (int i = 0; i < 3; i++) {
                try (NDScope ignored = new NDScope()) {
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        collector.backward(p.pow(3).sum());
                    }
                    optimizer.step(p);
                    assertEquals(0f, p.getGradient().getFloat(0), "gradient zeroed after the step");
                }
            }
            return p.getFloat(0);
        }
    }

    private static double reference(boolean decoupled) {
        double p = 1;
        double m = 0;
        double v = 0;
        for (int t = 1; t <= 3; t++) {
            double g = 3 * p * p;
            if (decoupled) {
                p *= 1 - LR * WD;
            } else {
                g += WD * p;
            }
            m = B1 * m + (1 - B1) * g;
            v = B2 * v + (1 - B2) * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(B2, t)) + EPS;
            p -= LR / (1 - Math.pow(B1, t)) * m / denom;
        }
        return p;
    }
}
