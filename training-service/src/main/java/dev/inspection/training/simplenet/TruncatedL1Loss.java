package dev.inspection.training.simplenet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * SimpleNet's truncated L1 loss (methods.md §1.7):
 * {@code L = mean_i max(0, th - D(q_i)) + mean_i max(0, th + D(q-_i))}, pushing normal scores to
 * {@code >= th} and noisy ones to {@code <= -th}.
 */
final class TruncatedL1Loss {

    private TruncatedL1Loss() {
    }

    /** The loss as a scalar tensor (differentiable). */
    static NDArray compute(NDArray normalScores, NDArray noisyScores, double margin) {
        NDArray normalTerm = Activation.relu(normalScores.neg().add(margin)).mean();
        NDArray noisyTerm = Activation.relu(noisyScores.add(margin)).mean();
        return normalTerm.add(noisyTerm);
    }
}
