package dev.inspection.feature.provisioning;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;
import dev.inspection.feature.provisioning.ConvBnFolding.FoldedConv;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConvBnFoldingTest {

    @Test
    void transposesHwioToOihwAndScalesPerOutputChannel() {
        int kh = 2, kw = 3, cIn = 2, cOut = 3;
        float[] k = new float[kh * kw * cIn * cOut];
        for (int i = 0; i < k.length; i++) {
            k[i] = i + 1; // K[y][x][i][o] = index + 1
        }
        float[] gamma = {1f, 2f, 0.5f};
        float[] var = {3f, 0.999f, 0.25f};
        float[] mean = {0.1f, -0.2f, 0.3f};
        float[] beta = {0.01f, 0.02f, 0.03f};
        float[] bias = {1f, -1f, 2f};
        double eps = 1e-3;
        FoldedConv f = ConvBnFolding.fold(k, kh, kw, cIn, cOut, bias, gamma, beta, mean, var, eps);

        assertEquals(cOut * cIn * kh * kw, f.weight().length);
        for (int o = 0; o < cOut; o++) {
            double s = gamma[o] / Math.sqrt((double) var[o] + eps);
            assertEquals((float) ((bias[o] - (double) mean[o]) * s + beta[o]), f.bias()[o], 0f);
            for (int i = 0; i < cIn; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        float keras = k[((y * kw + x) * cIn + i) * cOut + o];
                        float onnx = f.weight()[((o * cIn + i) * kh + y) * kw + x];
                        assertEquals((float) (keras * s), onnx, 0f, "o=" + o + " i=" + i + " y=" + y + " x=" + x);
                    }
                }
            }
        }
    }

    @Test
    void foldingIsComputedInDoubleAndRoundedOnce() {
        // gamma / sqrt(var + eps) in float would round twice; the recipe rounds only the final product.
        float[] k = {0.1234567f};
        float[] one = {0.7777777f};
        FoldedConv f = ConvBnFolding.fold(k, 1, 1, 1, 1, new float[] {0.3f}, one, new float[] {0.05f},
                new float[] {0.2f}, new float[] {0.0123f}, 1e-3);
        double s = 0.7777777f / Math.sqrt(0.0123f + 1e-3);
        assertEquals((float) (0.1234567f * s), f.weight()[0], 0f);
        assertEquals((float) ((0.3f - (double) 0.2f) * s + 0.05f), f.bias()[0], 0f);
    }

    @Test
    void reversesInputChannels() {
        float[] w = new float[2 * 3 * 1 * 2]; // cOut 2, cIn 3, 1x2
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        FoldedConv r = ConvBnFolding.reverseInputChannels(new FoldedConv(w, new float[2], 2, 3, 1, 2));
        assertArrayEquals(new float[] {4, 5, 2, 3, 0, 1, 10, 11, 8, 9, 6, 7}, r.weight(), 0f);
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> ConvBnFolding.fold(new float[5], 1, 1, 2, 3,
                new float[3], new float[3], new float[3], new float[3], new float[3], 1e-3));
        assertThrows(IllegalArgumentException.class, () -> ConvBnFolding.fold(new float[6], 1, 1, 2, 3,
                new float[2], new float[3], new float[3], new float[3], new float[3], 1e-3));
    }

    /** Keras semantics (NHWC input, HWIO kernel, 'same' padding, conv + bias + BN) vs the folded ONNX Conv. */
    @Test
    void foldedOnnxConvEqualsKerasConvFollowedByBatchNorm() throws Exception {
        int h = 5, w = 4, cIn = 3, cOut = 4, k = 3;
        Random rnd = new Random(7);
        float[] kernel = gaussian(rnd, k * k * cIn * cOut);
        float[] bias = gaussian(rnd, cOut);
        float[] gamma = gaussian(rnd, cOut);
        float[] beta = gaussian(rnd, cOut);
        float[] mean = gaussian(rnd, cOut);
        float[] var = new float[cOut];
        for (int o = 0; o < cOut; o++) {
            var[o] = 0.1f + rnd.nextFloat();
        }
        float[] nhwc = gaussian(rnd, h * w * cIn);
        double eps = 1e-3;

        float[] expectedNchw = new float[cOut * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int o = 0; o < cOut; o++) {
                    double s = bias[o];
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = y + ky - 1, ix = x + kx - 1;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            for (int i = 0; i < cIn; i++) {
                                s += nhwc[(iy * w + ix) * cIn + i] * kernel[((ky * k + kx) * cIn + i) * cOut + o];
                            }
                        }
                    }
                    double bn = (s - mean[o]) / Math.sqrt(var[o] + eps) * gamma[o] + beta[o];
                    expectedNchw[(o * h + y) * w + x] = (float) bn;
                }
            }
        }

        FoldedConv f = ConvBnFolding.fold(kernel, k, k, cIn, cOut, bias, gamma, beta, mean, var, eps);
        OnnxGraphBuilder g = new OnnxGraphBuilder("folded");
        String y = new OnnxOps(g).conv2d("conv", g.input("x", OnnxDim.parseShape("1,3,5,4")),
                f.weight(), cOut, cIn, k, f.bias(), 1, 1);
        g.output(y, OnnxDim.parseShape("1,4,5,4"));

        float[] nchw = new float[nhwc.length];
        for (int i = 0; i < cIn; i++) {
            for (int p = 0; p < h * w; p++) {
                nchw[i * h * w + p] = nhwc[p * cIn + i];
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(g.toBytes(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), new long[] {1, cIn, h, w});
             OrtSession.Result r = s.run(Map.of("x", in))) {
            assertArrayEquals(expectedNchw, flatten(r), 1e-4f);
        }
    }

    private static float[] flatten(OrtSession.Result r) throws Exception {
        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return v;
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
