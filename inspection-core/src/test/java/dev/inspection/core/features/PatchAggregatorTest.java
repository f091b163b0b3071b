package dev.inspection.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The fused aggregator against a literal, step-by-step port of SimpleNet's _embed (steps A-D). */
class PatchAggregatorTest {

    /** Step A: nn.Unfold(3, padding=1): [C*9][h*w], row c*9+ky*3+kx, column y*w+x. */
    static double[][] unfold(float[] map, int offset, int c, int h, int w) {
        double[][] out = new double[c * 9][h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int sy = y + ky - 1;
                            int sx = x + kx - 1;
                            boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                            out[ch * 9 + ky * 3 + kx][y * w + x] = inside ? map[offset + (ch * h + sy) * w + sx] : 0.0;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Step B: F.interpolate(size, bilinear, align_corners=False) of one h x w map, in double. */
    static double[] bilinear(double[] in, int h, int w, int outH, int outW) {
        double[] out = new double[outH * outW];
        for (int yy = 0; yy < outH; yy++) {
            double sy = Math.max(0, (yy + 0.5) * ((double) h / outH) - 0.5);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, h - 1);
            double wy1 = sy - y0;
            double wy0 = 1 - wy1;
            for (int xx = 0; xx < outW; xx++) {
                double sx = Math.max(0, (xx + 0.5) * ((double) w / outW) - 0.5);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, w - 1);
                double wx1 = sx - x0;
                double wx0 = 1 - wx1;
                out[yy * outW + xx] = wy0 * (wx0 * in[y0 * w + x0] + wx1 * in[y0 * w + x1])
                        + wy1 * (wx0 * in[y1 * w + x0] + wx1 * in[y1 * w + x1]);
            }
        }
        return out;
    }

    /** adaptive_avg_pool1d with PyTorch's floor/ceil windows. */
    static double[] adaptivePool(double[] v, int outputs) {
        double[] out = new double[outputs];
        int length = v.length;
        for (int i = 0; i < outputs; i++) {
            int from = (int) Math.floor((double) i * length / outputs);
            int to = (int) Math.ceil((double) (i + 1) * length / outputs);
            double sum = 0;
            for (int k = from; k < to; k++) {
                sum += v[k];
            }
            out[i] = sum / (to - from);
        }
        return out;
    }

    /** Steps A-D literally; returns [h2*w2][featureDim]. */
    static double[][] literalEmbed(float[] l2, int l2Offset, int c2, int h2, int w2, float[] l3, int l3Offset,
                                   int c3, int h3, int w3, int pretrainDim, int featureDim) {
        double[][] u2 = unfold(l2, l2Offset, c2, h2, w2);
        double[][] u3 = unfold(l3, l3Offset, c3, h3, w3);
        double[][] u3up = new double[c3 * 9][];
        for (int k = 0; k < c3 * 9; k++) {
            u3up[k] = bilinear(u3[k], h3, w3, h2, w2);
        }
        int n = h2 * w2;
        double[][] result = new double[n][];
        for (int p = 0; p < n; p++) {
            double[] v2 = new double[c2 * 9];
            for (int k = 0; k < v2.length; k++) {
                v2[k] = u2[k][p];
            }
            double[] v3 = new double[c3 * 9];
            for (int k = 0; k < v3.length; k++) {
                v3[k] = u3up[k][p];
            }
            double[] pooled2 = adaptivePool(v2, pretrainDim);
            double[] pooled3 = adaptivePool(v3, pretrainDim);
            double[] stacked = new double[2 * pretrainDim];
            System.arraycopy(pooled2, 0, stacked, 0, pretrainDim);
            System.arraycopy(pooled3, 0, stacked, pretrainDim, pretrainDim);
            result[p] = adaptivePool(stacked, featureDim);
        }
        return result;
    }

    private static float[] random(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() * 4f - 1f;
        }
        return values;
    }

    private static void assertMatchesLiteral(int c2, int h2, int w2, int c3, int h3, int w3, int pretrainDim,
                                             int featureDim, long seed) {
        Random random = new Random(seed);
        float[] l2 = random(random, c2 * h2 * w2);
        float[] l3 = random(random, c3 * h3 * w3);
        PatchAggregator aggregator = new PatchAggregator(c2, h2, w2, c3, h3, w3, pretrainDim, featureDim);
        float[] out = new float[aggregator.floatsPerImage() + 5];
        aggregator.aggregate(l2, 0, l3, 0, out, 5);
        double[][] expected = literalEmbed(l2, 0, c2, h2, w2, l3, 0, c3, h3, w3, pretrainDim, featureDim);
        for (int n = 0; n < h2 * w2; n++) {
            for (int j = 0; j < featureDim; j++) {
                assertEquals(expected[n][j], out[5 + n * featureDim + j], 1e-5,
                        "patch " + n + " component " + j);
            }
        }
    }

    @Test
    void matchesLiteralPipelineWithNonDivisibleOverlappingWindows() {
        // L2 = 45, L3 = 63 pooled to 12 (windows of 4-5 overlapping), concat 24 pooled to 10.
        assertMatchesLiteral(5, 6, 6, 7, 3, 3, 12, 10, 1);
    }

    @Test
    void matchesLiteralPipelineForTheBriefGeometry() {
        // C2=8, C3=16, 6x6 / 3x3, output 12 (pretrain 12 too): exact windows 6 and 12, then 2.
        assertMatchesLiteral(8, 6, 6, 16, 3, 3, 12, 12, 2);
    }

    @Test
    void matchesLiteralPipelineForOddGridsAndNonIntegerUpsampling() {
        // Input 197x233 gives layer2 25x30, layer3 13x15: non-2x upsampling, non-square.
        assertMatchesLiteral(6, 5, 7, 9, 3, 4, 7, 11, 3);
        // featureDim larger than the concatenation: windows repeat elements.
        assertMatchesLiteral(2, 4, 4, 3, 2, 2, 5, 13, 4);
    }

    @Test
    void batchAndParallelPathsEqualPerImageResults() throws Exception {
        int c2 = 8, h2 = 6, w2 = 6, c3 = 16, h3 = 3, w3 = 3, dim = 40;
        Random random = new Random(7);
        int batch = 3;
        float[] l2 = random(random, batch * c2 * h2 * w2);
        float[] l3 = random(random, batch * c3 * h3 * w3);
        PatchAggregator aggregator = new PatchAggregator(c2, h2, w2, c3, h3, w3, dim, dim);
        int per = aggregator.floatsPerImage();
        float[] sequential = new float[batch * per];
        aggregator.aggregateBatch(l2, l3, batch, sequential, 0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            float[] parallel = new float[batch * per];
            aggregator.aggregateBatch(l2, l3, batch, parallel, 0, pool, 4);
            for (int i = 0; i < sequential.length; i++) {
                assertEquals(sequential[i], parallel[i], 0f, "element " + i);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int b = 0; b < batch; b++) {
            double[][] expected = literalEmbed(l2, b * c2 * h2 * w2, c2, h2, w2, l3, b * c3 * h3 * w3,
                    c3, h3, w3, dim, dim);
            for (int n = 0; n < h2 * w2; n++) {
                for (int j = 0; j < dim; j++) {
                    assertEquals(expected[n][j], sequential[b * per + n * dim + j], 1e-5);
                }
            }
        }
    }

    @Test
    void resNet50GridSizesFollowTheTrunkArithmetic() {
        PatchAggregator simpleNet = PatchAggregator.forResNet50Input(288, 288);
        assertEquals(36, simpleNet.gridHeight());
        assertEquals(36 * 36, simpleNet.patchCount());
        assertEquals(512 * 36 * 36, simpleNet.layer2Floats());
        assertEquals(1024 * 18 * 18, simpleNet.layer3Floats());
        assertEquals(1536, simpleNet.featureDim());
        // PROVENANCE.md examples: 224 -> 28/14, 64 -> 8/4, 197x233 -> 25x30 / 13x15.
        assertEquals(1024 * 14 * 14, PatchAggregator.forResNet50Input(224, 224).layer3Floats());
        assertEquals(64, PatchAggregator.forResNet50Input(64, 64).patchCount());
        PatchAggregator odd = PatchAggregator.forResNet50Input(197, 233);
        assertEquals(25, odd.gridHeight());
        assertEquals(30, odd.gridWidth());
        assertEquals(1024 * 13 * 15, odd.layer3Floats());
    }

    @Test
    void rejectsBuffersThatDoNotMatchTheGeometry() {
        PatchAggregator aggregator = new PatchAggregator(2, 4, 4, 3, 2, 2, 6, 6);
        float[] l2 = new float[2 * 16];
        float[] l3 = new float[3 * 4];
        assertThrows(IndexOutOfBoundsException.class,
                () -> aggregator.aggregate(l2, 0, l3, 0, new float[aggregator.floatsPerImage() - 1], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> aggregator.aggregate(new float[5], 0, l3, 0, new float[aggregator.floatsPerImage()], 0));
        assertThrows(IllegalArgumentException.class,
                () -> aggregator.aggregateBatch(l2, l3, 2, new float[2 * aggregator.floatsPerImage()], 0));
        assertThrows(IllegalArgumentException.class, () -> new PatchAggregator(0, 4, 4, 3, 2, 2));
    }
}
