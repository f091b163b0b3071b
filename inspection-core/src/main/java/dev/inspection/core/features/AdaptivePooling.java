package dev.inspection.core.features;

/**
 * Window bounds of PyTorch's {@code adaptive_avg_pool1d}: output {@code i} of {@code outputs}
 * averages input {@code [floor(i*L/O), ceil((i+1)*L/O))}. Windows overlap when L is not a multiple
 * of O.
 */
final class AdaptivePooling {

    private AdaptivePooling() {
    }

    static int windowStart(int i, int inputs, int outputs) {
        return (int) (((long) i * inputs) / outputs);
    }

    static int windowEnd(int i, int inputs, int outputs) {
        return (int) (((long) (i + 1) * inputs + outputs - 1) / outputs);
    }
}
