package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionalFlowTest {

    private static final int C = 5;
    private static final int COND = 4;

    @Test
    void rotationsAreOrthogonalWithDeterminantOne() {
        float[] r = RandomRotation.draw(6, 3);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double dot = 0;
                for (int k = 0; k < 6; k++) {
                    dot += r[k * 6 + i] * r[k * 6 + j];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-6);
            }
        }
        double[][] m = new double[6][6];
        for (int i = 0; i < 36; i++) {
            m[i / 6][i % 6] = r[i];
        }
        assertEquals(1, RandomRotation.determinantSign(m));
        assertArrayEquals(r, RandomRotation.draw(6, 3), "seeded");
    }

    @Test
    void initialGlobalScaleIsOne() {
        FlowWeights w = FlowWeights.initial(C, COND, 2, 1.9f, 1);
        for (float g : w.blocks().get(0).globalScale()) {
            assertEquals(1f, g, 1e-6f);
        }
    }

    @Test
    void inverseUndoesForward() {
        ReferenceFlow flow = new ReferenceFlow(TestFlows.perturbed(C, COND, 3, 5));
        double[] x = {0.3, -1.2, 0.8, 2.0, -0.4};
        double[] cond = {0.1, 0.9, -0.5, 0.2};
        double[] back = flow.inverse(flow.forward(x, cond, new double[1]), cond);
        assertArrayEquals(x, back, 1e-6); // W^T inverts the float-rounded rotation to ~1e-7
    }

    /** Analytic log-determinant = log |det J| with J from central differences. */
    @Test
    void logDeterminantMatchesNumericJacobian() {
        ReferenceFlow flow = new ReferenceFlow(TestFlows.perturbed(C, COND, 3, 7));
        double[] x = {0.5, -0.7, 1.1, -1.9, 0.2};
        double[] cond = {0.3, -0.2, 0.8, 0.05};
        double[] analytic = new double[1];
        flow.forward(x, cond, analytic);
        double eps = 1e-6;
        double[][] jac = new double[C][C];
        for (int j = 0; j < C; j++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[j] += eps;
            minus[j] -= eps;
            double[] zp = flow.forward(plus, cond, new double[1]);
            double[] zm = flow.forward(minus, cond, new double[1]);
            for (int i = 0; i < C; i++) {
                jac[i][j] = (zp[i] - zm[i]) / (2 * eps);
            }
        }
        assertEquals(Math.log(Math.abs(determinant(jac))), analytic[0], 1e-5);
    }

    @Test
    void djlLogLikelihoodMatchesReference() {
        FlowWeights weights = TestFlows.perturbed(C, COND, 3, 11);
        ReferenceFlow reference = new ReferenceFlow(weights);
        int n = 16;
        float[] x = TestFlows.gaussian(n * C, 1);
        float[] cond = TestFlows.gaussian(n * COND, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            ConditionalFlow flow = new ConditionalFlow(manager, weights);
            float[] logp = flow.logLikelihood(manager.create(x, new Shape(n, C)), manager.create(cond, new Shape(n, COND)))
                    .toFloatArray();
            for (int r = 0; r < n; r++) {
                double[] xr = new double[C];
                double[] cr = new double[COND];
                for (int i = 0; i < C; i++) {
                    xr[i] = x[r * C + i];
                }
                for (int i = 0; i < COND; i++) {
                    cr[i] = cond[r * COND + i];
                }
                assertEquals(reference.logLikelihoodPerDim(xr, cr), logp[r], 1e-4, "row " + r);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> flow.logLikelihood(manager.zeros(new Shape(n, C + 1)), manager.zeros(new Shape(n, COND))));
        }
    }

    /** Autograd gradient of sum(logp) w.r.t. beta of the first block against central differences. */
    @Test
    void gradientMatchesFiniteDifferences() {
        FlowWeights weights = TestFlows.perturbed(C, COND, 2, 13);
        float[] x = TestFlows.gaussian(4 * C, 3);
        float[] cond = TestFlows.gaussian(4 * COND, 4);
        float[] grad;
        try (NDManager manager = NDManager.newBaseManager()) {
            ConditionalFlow flow = new ConditionalFlow(manager, weights);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logp = flow.logLikelihood(manager.create(x, new Shape(4, C)), manager.create(cond, new Shape(4, COND)));
                gc.backward(logp.sum());
            }
            grad = flow.trainableParameters().get(5).getGradient().toFloatArray(); // block 0 beta
        }
        double eps = 1e-5;
        for (int i = 0; i < C; i++) {
            double numeric = (sumLogp(weights, x, cond, i, eps) - sumLogp(weights, x, cond, i, -eps)) / (2 * eps);
            assertEquals(numeric, grad[i], 1e-3 * Math.max(1, Math.abs(numeric)), "d/d beta[" + i + "]");
        }
    }

    /**
     * The backward pass must not depend on Java objects the forward pass dropped: the collector runs
     * after a GC and after the freed memory of any dropped direct buffer has been refilled with junk
     * (DJL's mul(0.5f) and maximum(0f) once left autograd such a buffer), and every gradient must
     * equal the one of an undisturbed pass.
     */
    @Test
    void backwardAfterGarbageCollectionGivesTheUndisturbedGradients() throws InterruptedException {
        FlowWeights weights = TestFlows.perturbed(C, COND, 2, 17);
        float[] x = TestFlows.gaussian(8 * C, 5);
        float[] cond = TestFlows.gaussian(8 * COND, 6);
        List<float[]> undisturbed = gradients(weights, x, cond, false);
        List<float[]> disturbed = gradients(weights, x, cond, true);
        for (int i = 0; i < undisturbed.size(); i++) {
            assertArrayEquals(undisturbed.get(i), disturbed.get(i), "gradient of parameter " + i);
        }
    }

    private static List<float[]> gradients(FlowWeights weights, float[] x, float[] cond, boolean churn)
            throws InterruptedException {
        List<ByteBuffer> junk = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ConditionalFlow flow = new ConditionalFlow(manager, weights);
            try (NDManager chunk = manager.newSubManager();
                 GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logp = flow.logLikelihood(chunk.create(x, new Shape(8, C)), chunk.create(cond, new Shape(8, COND)));
                NDArray loss = BgadTrainer.softplusOfNegative(logp).sum();
                for (int round = 0; churn && round < 10; round++) {
                    System.gc();
                    Thread.sleep(10);
                    for (int b = 0; b < 2000; b++) { // scalars are 4-byte buffers: refill that size class
                        ByteBuffer filler = ByteBuffer.allocateDirect(4);
                        filler.putInt(0, 0x42424242);
                        junk.add(filler);
                    }
                }
                gc.backward(loss);
            }
            List<float[]> out = new ArrayList<>();
            for (NDArray p : flow.trainableParameters()) {
                out.add(p.getGradient().toFloatArray());
            }
            return out;
        } finally {
            junk.clear();
        }
    }

    private static double sumLogp(FlowWeights w, float[] x, float[] cond, int betaIndex, double delta) {
        FlowWeights copy = w.copy();
        // beta is float: apply delta in double through a shifted copy of the row inputs instead would not
        // be the same derivative, so perturb the parameter itself (float step is fine at this eps scale).
        copy.blocks().get(0).beta()[betaIndex] += (float) delta;
        double actualDelta = (double) copy.blocks().get(0).beta()[betaIndex] - w.blocks().get(0).beta()[betaIndex];
        ReferenceFlow f = new ReferenceFlow(copy);
        double sum = 0;
        for (int r = 0; r < 4; r++) {
            double[] xr = new double[C];
            double[] cr = new double[COND];
            for (int i = 0; i < C; i++) {
                xr[i] = x[r * C + i];
            }
            for (int i = 0; i < COND; i++) {
                cr[i] = cond[r * COND + i];
            }
            sum += f.logLikelihoodPerDim(xr, cr);
        }
        return sum * delta / actualDelta; // rescale for the float rounding of the step
    }

    private static double determinant(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double det = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            if (p != c) {
                double[] t = m[p];
                m[p] = m[c];
                m[c] = t;
                det = -det;
            }
            det *= m[c][c];
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        return det;
    }
}
