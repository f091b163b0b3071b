package dev.inspection.core.features;

/**
 * Source indices and weights of PyTorch {@code F.interpolate(mode="bilinear", align_corners=False)}
 * with an explicit output size, for one axis: {@code out[i] = w0[i]*in[i0[i]] + w1[i]*in[i1[i]]}.
 * Computed in float like PyTorch's CPU kernel: {@code src = max(0, (i + 0.5) * in/out - 0.5)}.
 */
final class BilinearAxis {

    final int[] index0;
    final int[] index1;
    final float[] weight0;
    final float[] weight1;

    BilinearAxis(int inSize, int outSize) {
        index0 = new int[outSize];
        index1 = new int[outSize];
        weight0 = new float[outSize];
        weight1 = new float[outSize];
        float scale = (float) inSize / outSize;
        for (int i = 0; i < outSize; i++) {
            float source = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
            int i0 = Math.min((int) source, inSize - 1);
            float lambda = source - i0;
            index0[i] = i0;
            index1[i] = i0 < inSize - 1 ? i0 + 1 : i0;
            weight1[i] = lambda;
            weight0[i] = 1f - lambda;
        }
    }
}
