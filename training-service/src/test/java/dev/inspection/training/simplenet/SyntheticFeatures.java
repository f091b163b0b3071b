package dev.inspection.training.simplenet;

import dev.inspection.training.features.InMemoryFeatureTable;

import java.util.SplittableRandom;

/**
 * Separable synthetic "normal" features: every row lies on a fixed 2-D plane of R^dim (plus tiny
 * jitter), so isotropic noise moves rows off the plane and a discriminator can learn the difference.
 */
final class SyntheticFeatures {

    final int dim;
    private final float[] basis;

    SyntheticFeatures(int dim, long seed) {
        this.dim = dim;
        SplittableRandom random = new SplittableRandom(seed);
        this.basis = new float[2 * dim];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) random.nextGaussian();
        }
    }

    /** {@code n} normal rows. */
    float[] normalRows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] rows = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            for (int j = 0; j < dim; j++) {
                rows[i * dim + j] = (float) (a * basis[j] + b * basis[dim + j] + 0.01 * random.nextGaussian());
            }
        }
        return rows;
    }

    /** The same rows pushed off the plane by isotropic noise of the given std. */
    float[] perturbed(float[] rows, double std, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = rows.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (random.nextGaussian() * std);
        }
        return out;
    }

    InMemoryFeatureTable table(int images, int patches, long seed) {
        return new InMemoryFeatureTable(normalRows(images * patches, seed), images, patches, dim);
    }
}
