package dev.inspection.training.simplenet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * PyTorch's {@code torch.optim.Adam} / {@code AdamW} update, written on NDArrays because DJL's
 * built-in Adam folds weight decay differently (methods.md §1.8 needs both exact variants):
 * <pre>
 *   AdamW: p -= lr * wd * p                  (decoupled decay, before the moment update)
 *   Adam:  g  = g + wd * p                   (L2 decay through the gradient)
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Reads each parameter's gradient, updates the parameter in place and zeroes the gradient (DJL
 * PyTorch accumulates gradients across backward passes). Temporaries belong to the caller's scope.
 */
final class AdamOptimizer {

    private final double baseLr;
    private double lr;
    private final double weightDecay;
    private final boolean decoupled;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<NDArray, NDArray[]> moments = new IdentityHashMap<>();
    private int step;

    private AdamOptimizer(double lr, double weightDecay, boolean decoupled, double beta1, double beta2, double eps) {
        this.baseLr = lr;
        this.lr = lr;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** {@code torch.optim.AdamW}. */
    static AdamOptimizer adamW(double lr, double weightDecay, double beta1, double beta2, double eps) {
        return new AdamOptimizer(lr, weightDecay, true, beta1, beta2, eps);
    }

    /** {@code torch.optim.Adam} (weight decay as L2 on the gradient). */
    static AdamOptimizer adam(double lr, double weightDecay, double beta1, double beta2, double eps) {
        return new AdamOptimizer(lr, weightDecay, false, beta1, beta2, eps);
    }

    /** Sets the rate of the next steps to {@code factor} x the base rate (a schedule's value). */
    void scaleLearningRate(double factor) {
        lr = baseLr * factor;
    }

    double learningRate() {
        return lr;
    }

    int stepCount() {
        return step;
    }

    /** Zero first and second moments, owned by the parameter's manager and kept out of any open scope. */
    private static NDArray[] newMoments(NDArray parameter) {
        NDArray first = parameter.getManager().zeros(parameter.getShape());
        NDArray second = parameter.getManager().zeros(parameter.getShape());
        NDScope.unregister(first, second);
        return new NDArray[] {first, second};
    }

    /** One update of every parameter; the moment buffers are created on first use in the parameter's manager. */
    void step(NDArray... parameters) {
        step++;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double sqrtBiasCorrection2 = Math.sqrt(1 - Math.pow(beta2, step));
        for (NDArray p : parameters) {
            NDArray[] mv = moments.computeIfAbsent(p, AdamOptimizer::newMoments);
            NDArray grad = p.getGradient();
            NDArray g = grad;
            if (decoupled) {
                if (weightDecay > 0) {
                    p.muli(1 - lr * weightDecay);
                }
            } else if (weightDecay > 0) {
                g = grad.add(p.mul(weightDecay));
            }
            mv[0].muli(beta1).addi(g.mul(1 - beta1));
            mv[1].muli(beta2).addi(g.square().muli(1 - beta2));
            NDArray denominator = mv[1].sqrt().divi(sqrtBiasCorrection2).addi(eps);
            p.subi(mv[0].div(denominator).muli(lr / biasCorrection1));
            grad.subi(grad);
        }
    }
}
