package dev.inspection.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The level-split aggregation, upsampled back, reproduces the full rows of {@link PatchAggregator#aggregate}. */
class PatchAggregatorSplitTest {

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static void assertSplitReproducesAggregate(PatchAggregator aggregator) {
        assertTrue(aggregator.splitsByLevel(), aggregator + " should split");
        float[] layer2 = random(aggregator.layer2Floats() + 5, 1);
        float[] layer3 = random(aggregator.layer3Floats() + 3, 2);
        float[] full = new float[aggregator.floatsPerImage()];
        aggregator.aggregate(layer2, 5, layer3, 3, full, 0);

        int fine = aggregator.fineDims();
        int coarse = aggregator.coarseDims();
        float[] fineRows = new float[aggregator.patchCount() * fine];
        float[] coarseRows = new float[aggregator.coarseCount() * coarse];
        aggregator.aggregateSplit(layer2, 5, layer3, 3, fineRows, coarseRows);
        float[] upsampled = new float[aggregator.patchCount() * coarse];
        aggregator.addUpsampledRows(coarseRows, upsampled, coarse);

        int dim = aggregator.featureDim();
        for (int n = 0; n < aggregator.patchCount(); n++) {
            float[] expectedFine = java.util.Arrays.copyOfRange(full, n * dim, n * dim + fine);
            float[] expectedCoarse = java.util.Arrays.copyOfRange(full, n * dim + fine, (n + 1) * dim);
            // Same taps, same order, same upsampling arithmetic: bit-identical.
            assertArrayEquals(expectedFine, java.util.Arrays.copyOfRange(fineRows, n * fine, (n + 1) * fine), "fine row " + n);
            assertArrayEquals(expectedCoarse, java.util.Arrays.copyOfRange(upsampled, n * coarse, (n + 1) * coarse),
                    "coarse row " + n);
        }
    }

    @Test
    void resNet50SimpleNetGeometrySplitsInHalves() {
        PatchAggregator aggregator = PatchAggregator.forResNet50Input(288, 288);
        assertEquals(768, aggregator.fineDims());
        assertEquals(768, aggregator.coarseDims());
        assertEquals(324, aggregator.coarseCount());
        assertSplitReproducesAggregate(aggregator);
    }

    @Test
    void oddGridsAndUnevenDimensionsSplitToo() {
        // 7x5 layer2 from a 4x3 layer3, 40-dim embeddings: blocks straddle the level boundary.
        assertSplitReproducesAggregate(new PatchAggregator(6, 7, 5, 10, 4, 3, 40, 40));
    }

    @Test
    void mixedComponentsRefuseToSplit() {
        // Pretrain dimension 3, feature dimension 5: output 2 pools concatenated values 2 (layer2) and 3 (layer3).
        PatchAggregator mixed = new PatchAggregator(2, 4, 4, 2, 2, 2, 3, 5);
        assertFalse(mixed.splitsByLevel());
        assertThrows(IllegalStateException.class, () -> mixed.aggregateSplit(new float[mixed.layer2Floats()], 0,
                new float[mixed.layer3Floats()], 0, new float[16 * 5], new float[4 * 5]));
    }
}
