package dev.inspection.training.simplenet;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NoiseScaleTest {

    @Test
    void handMadeRowsGiveTheUnbiasedStdMean() {
        // dim 0: 1, 2, 3 -> std 1; dim 1: 10, 10, 16 -> mean 12, var (4+4+16)/2 = 12
        NoiseScale scale = new NoiseScale(2);
        scale.add(new float[] {1, 10, 2, 10}, 2);
        scale.add(new float[] {3, 16}, 1);
        assertEquals((1 + Math.sqrt(12)) / 2, scale.meanStd(), 1e-12);
        assertEquals(3, scale.count());
    }

    @Test
    void syntheticFeaturesWithKnownSpreadAndOffset() {
        int dim = 8;
        int n = 40_000;
        SplittableRandom random = new SplittableRandom(3);
        float[] rows = new float[n * dim];
        double expected = 0;
        for (int j = 0; j < dim; j++) {
            expected += 0.1 * (j + 1);
        }
        expected /= dim;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                rows[i * dim + j] = (float) (1000 + random.nextGaussian() * 0.1 * (j + 1));
            }
        }
        NoiseScale scale = new NoiseScale(dim);
        scale.add(rows, n);
        assertEquals(expected, scale.meanStd(), expected * 0.01);
    }

    @Test
    void needsTwoRows() {
        NoiseScale scale = new NoiseScale(3);
        scale.add(new float[] {1, 2, 3}, 1);
        assertThrows(IllegalStateException.class, scale::meanStd);
    }
}
