package dev.inspection.feature.provisioning;

/**
 * Turns a Keras Conv2D (+ bias) followed by an inference-mode BatchNormalization into one ONNX
 * convolution: kernels go from Keras [kh, kw, cIn, cOut] to ONNX [cOut, cIn, kh, kw] and the BN is
 * folded in, computed in double and rounded once to float (PROVENANCE.md section 5, step 3):
 * <pre>
 *   s[o]  = gamma[o] / sqrt(var[o] + eps)
 *   W'[o,i,y,x] = K[y,x,i,o] * s[o]
 *   b'[o] = (bias[o] - mean[o]) * s[o] + beta[o]
 * </pre>
 */
public final class ConvBnFolding {

    /** A folded convolution: weight [cOut, cIn, kh, kw] row-major, bias [cOut]. */
    public record FoldedConv(float[] weight, float[] bias, int cOut, int cIn, int kh, int kw) {
    }

    private ConvBnFolding() {
    }

    public static FoldedConv fold(float[] kernelHwio, int kh, int kw, int cIn, int cOut, float[] bias,
                                  float[] gamma, float[] beta, float[] movingMean, float[] movingVariance,
                                  double epsilon) {
        if (kernelHwio.length != kh * kw * cIn * cOut) {
            throw new IllegalArgumentException("kernel has " + kernelHwio.length + " values, expected "
                    + kh + "x" + kw + "x" + cIn + "x" + cOut);
        }
        for (float[] v : new float[][] {bias, gamma, beta, movingMean, movingVariance}) {
            if (v.length != cOut) {
                throw new IllegalArgumentException("per-channel vector has " + v.length + " values, expected " + cOut);
            }
        }
        double[] scale = new double[cOut];
        float[] foldedBias = new float[cOut];
        for (int o = 0; o < cOut; o++) {
            scale[o] = (double) gamma[o] / Math.sqrt((double) movingVariance[o] + epsilon);
            foldedBias[o] = (float) (((double) bias[o] - movingMean[o]) * scale[o] + beta[o]);
        }
        float[] w = new float[kernelHwio.length];
        int spatial = kh * kw;
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                int src = (y * kw + x) * cIn * cOut;
                int dstYx = y * kw + x;
                for (int i = 0; i < cIn; i++) {
                    int dstI = i * spatial + dstYx;
                    for (int o = 0; o < cOut; o++, src++) {
                        w[o * cIn * spatial + dstI] = (float) (kernelHwio[src] * scale[o]);
                    }
                }
            }
        }
        return new FoldedConv(w, foldedBias, cOut, cIn, kh, kw);
    }

    /** Reverses the input-channel axis of a [cOut, cIn, kh, kw] weight (BGR-trained conv fed RGB). */
    public static FoldedConv reverseInputChannels(FoldedConv conv) {
        int spatial = conv.kh() * conv.kw();
        float[] src = conv.weight();
        float[] dst = new float[src.length];
        for (int o = 0; o < conv.cOut(); o++) {
            for (int i = 0; i < conv.cIn(); i++) {
                System.arraycopy(src, (o * conv.cIn() + i) * spatial,
                        dst, (o * conv.cIn() + conv.cIn() - 1 - i) * spatial, spatial);
            }
        }
        return new FoldedConv(dst, conv.bias(), conv.cOut(), conv.cIn(), conv.kh(), conv.kw());
    }
}
