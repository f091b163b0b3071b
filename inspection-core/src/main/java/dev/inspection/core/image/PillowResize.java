package dev.inspection.core.image;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bit-exact Java port of Pillow's {@code Image.resize} for 8-bit images (interleaved, 1..4
 * channels), which is what torchvision's {@code Resize} runs on PIL images.
 *
 * <p>{@link #bilinear} ports {@code ImagingResample} with the BILINEAR filter: an antialiased
 * separable triangle filter whose support grows with the downscale factor, fixed-point taps
 * (22 fraction bits), a horizontal pass into an intermediate 8-bit image, then a vertical pass,
 * each rounding ({@code + 2^21}) and clipping to 0..255. A pass is skipped when that axis keeps its
 * size, as in Pillow.
 *
 * <p>The {@code *Window} variants compute only a rectangle of the resized image (e.g. the center
 * crop): every output pixel depends only on its own taps, so this is exact and saves the work for
 * the cropped-away border.
 *
 * <p>{@link #nearest} ports Pillow's NEAREST resize ({@code ImagingScaleAffine}), used for masks.
 *
 * <p>Tap tables depend only on (inSize, outSize) and are cached; all methods are thread-safe.
 */
public final class PillowResize {

    private static final int CACHE_LIMIT = 256;
    private static final Map<Long, ResampleCoefficients> COEFFICIENTS = new ConcurrentHashMap<>();

    private PillowResize() {
    }

    /** Full BILINEAR resize of an interleaved image; returns {@code outWidth*outHeight*channels} bytes. */
    public static byte[] bilinear(byte[] src, int width, int height, int channels, int outWidth, int outHeight) {
        byte[] dst = new byte[Math.multiplyExact(Math.multiplyExact(outWidth, outHeight), channels)];
        bilinearWindow(src, width, height, channels, outWidth, outHeight, 0, 0, outWidth, outHeight, dst);
        return dst;
    }

    /**
     * Writes the window {@code [left, left+windowWidth) x [top, top+windowHeight)} of the BILINEAR
     * resize of {@code src} (size {@code width x height}) to {@code outWidth x outHeight} into
     * {@code dst} (interleaved, {@code windowWidth*windowHeight*channels} bytes).
     */
    public static void bilinearWindow(byte[] src, int width, int height, int channels, int outWidth, int outHeight,
                                      int left, int top, int windowWidth, int windowHeight, byte[] dst) {
        checkArguments(src, width, height, channels, outWidth, outHeight, left, top, windowWidth, windowHeight, dst);
        boolean horizontal = outWidth != width;
        boolean vertical = outHeight != height;
        ResampleCoefficients rows = vertical ? coefficients(height, outHeight) : null;

        // Input rows the vertical pass will read for this window.
        int firstRow = vertical ? rows.first[top] : top;
        int lastRow = vertical
                ? rows.first[top + windowHeight - 1] + rows.count[top + windowHeight - 1]
                : top + windowHeight;

        byte[] intermediate;
        int intermediateWidth;
        int intermediateLeft;
        int intermediateTop;
        if (horizontal) {
            ResampleCoefficients columns = coefficients(width, outWidth);
            intermediate = vertical ? new byte[(lastRow - firstRow) * windowWidth * channels] : dst;
            horizontalPass(src, width, channels, columns, firstRow, lastRow, left, windowWidth, intermediate);
            intermediateWidth = windowWidth;
            intermediateLeft = 0;
            intermediateTop = firstRow;
        } else {
            intermediate = src;
            intermediateWidth = width;
            intermediateLeft = left;
            intermediateTop = 0;
        }
        if (vertical) {
            verticalPass(intermediate, intermediateWidth, intermediateLeft, intermediateTop, channels, rows,
                    top, windowWidth, windowHeight, dst);
        } else if (!horizontal) {
            copyWindow(src, width, channels, left, top, windowWidth, windowHeight, dst);
        }
    }

    /** Pillow's ImagingResampleHorizontal_8bpc on rows [rowFrom, rowTo), output columns [left, left+n). */
    private static void horizontalPass(byte[] src, int width, int channels, ResampleCoefficients columns,
                                       int rowFrom, int rowTo, int left, int windowWidth, byte[] out) {
        int[] first = columns.first;
        int[] count = columns.count;
        int[] weights = columns.weights;
        int maxTaps = columns.maxTaps;
        int half = 1 << (ResampleCoefficients.PRECISION_BITS - 1);
        int o = 0;
        for (int y = rowFrom; y < rowTo; y++) {
            int rowBase = y * width * channels;
            for (int xx = left; xx < left + windowWidth; xx++) {
                int taps = count[xx];
                int w0 = xx * maxTaps;
                int p0 = rowBase + first[xx] * channels;
                if (channels == 3) {
                    int s0 = half;
                    int s1 = half;
                    int s2 = half;
                    for (int t = 0, p = p0; t < taps; t++, p += 3) {
                        int w = weights[w0 + t];
                        s0 += (src[p] & 0xff) * w;
                        s1 += (src[p + 1] & 0xff) * w;
                        s2 += (src[p + 2] & 0xff) * w;
                    }
                    out[o] = (byte) ResampleCoefficients.clip8(s0);
                    out[o + 1] = (byte) ResampleCoefficients.clip8(s1);
                    out[o + 2] = (byte) ResampleCoefficients.clip8(s2);
                    o += 3;
                } else {
                    for (int c = 0; c < channels; c++) {
                        int s = half;
                        for (int t = 0, p = p0 + c; t < taps; t++, p += channels) {
                            s += (src[p] & 0xff) * weights[w0 + t];
                        }
                        out[o++] = (byte) ResampleCoefficients.clip8(s);
                    }
                }
            }
        }
    }

    /**
     * Pillow's ImagingResampleVertical_8bpc. {@code src} holds rows starting at input row
     * {@code srcTop}, {@code srcWidth} pixels wide; the window's columns start at {@code srcLeft}.
     */
    private static void verticalPass(byte[] src, int srcWidth, int srcLeft, int srcTop, int channels,
                                     ResampleCoefficients rows, int top, int windowWidth, int windowHeight,
                                     byte[] out) {
        int[] weights = rows.weights;
        int maxTaps = rows.maxTaps;
        int half = 1 << (ResampleCoefficients.PRECISION_BITS - 1);
        int rowStride = srcWidth * channels;
        int samplesPerRow = windowWidth * channels;
        int[] accumulator = new int[samplesPerRow];
        int o = 0;
        for (int yy = top; yy < top + windowHeight; yy++) {
            int taps = rows.count[yy];
            int w0 = yy * maxTaps;
            Arrays.fill(accumulator, half);
            int rowStart = (rows.first[yy] - srcTop) * rowStride + srcLeft * channels;
            // Row-at-a-time accumulation: same integer sums as Pillow's per-pixel loop, cache friendly.
            for (int t = 0; t < taps; t++) {
                int w = weights[w0 + t];
                int p = rowStart + t * rowStride;
                for (int i = 0; i < samplesPerRow; i++) {
                    accumulator[i] += (src[p + i] & 0xff) * w;
                }
            }
            for (int i = 0; i < samplesPerRow; i++) {
                out[o++] = (byte) ResampleCoefficients.clip8(accumulator[i]);
            }
        }
    }

    private static void copyWindow(byte[] src, int width, int channels, int left, int top,
                                   int windowWidth, int windowHeight, byte[] dst) {
        int rowBytes = windowWidth * channels;
        for (int y = 0; y < windowHeight; y++) {
            System.arraycopy(src, ((top + y) * width + left) * channels, dst, y * rowBytes, rowBytes);
        }
    }

    /** Full NEAREST resize (Pillow semantics); returns {@code outWidth*outHeight*channels} bytes. */
    public static byte[] nearest(byte[] src, int width, int height, int channels, int outWidth, int outHeight) {
        byte[] dst = new byte[Math.multiplyExact(Math.multiplyExact(outWidth, outHeight), channels)];
        nearestWindow(src, width, height, channels, outWidth, outHeight, 0, 0, outWidth, outHeight, dst);
        return dst;
    }

    /**
     * Window of Pillow's NEAREST resize. Pillow maps output {@code x} to input
     * {@code floor((x + 0.5) * in/out)}, accumulating the position in double as
     * {@code ImagingScaleAffine} does (so boundary cases round the same way).
     */
    public static void nearestWindow(byte[] src, int width, int height, int channels, int outWidth, int outHeight,
                                     int left, int top, int windowWidth, int windowHeight, byte[] dst) {
        checkArguments(src, width, height, channels, outWidth, outHeight, left, top, windowWidth, windowHeight, dst);
        int[] sourceColumn = nearestIndices(width, outWidth);
        int[] sourceRow = nearestIndices(height, outHeight);
        int o = 0;
        for (int yy = top; yy < top + windowHeight; yy++) {
            int rowBase = sourceRow[yy] * width * channels;
            for (int xx = left; xx < left + windowWidth; xx++) {
                int p = rowBase + sourceColumn[xx] * channels;
                for (int c = 0; c < channels; c++) {
                    dst[o++] = src[p + c];
                }
            }
        }
    }

    private static int[] nearestIndices(int inSize, int outSize) {
        int[] index = new int[outSize];
        if (inSize == outSize) {
            for (int i = 0; i < outSize; i++) {
                index[i] = i;
            }
            return index;
        }
        double step = (double) ((float) inSize - 0f) / outSize;
        double position = 0.0 + step * 0.5;
        for (int i = 0; i < outSize; i++) {
            int source = position < 0.0 ? -1 : (int) position;
            index[i] = Math.min(Math.max(source, 0), inSize - 1);
            position += step;
        }
        return index;
    }

    static ResampleCoefficients coefficients(int inSize, int outSize) {
        long key = ((long) inSize << 32) | outSize;
        ResampleCoefficients cached = COEFFICIENTS.get(key);
        if (cached != null) {
            return cached;
        }
        ResampleCoefficients computed = ResampleCoefficients.bilinear(inSize, outSize);
        if (COEFFICIENTS.size() >= CACHE_LIMIT) {
            COEFFICIENTS.clear(); // many distinct sizes: not a camera stream, recomputing is cheap
        }
        COEFFICIENTS.put(key, computed);
        return computed;
    }

    private static void checkArguments(byte[] src, int width, int height, int channels, int outWidth, int outHeight,
                                       int left, int top, int windowWidth, int windowHeight, byte[] dst) {
        if (channels < 1 || channels > 4) {
            throw new IllegalArgumentException("channels must be 1..4, got " + channels);
        }
        if (width < 1 || height < 1 || outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + width + "x" + height + " -> "
                    + outWidth + "x" + outHeight);
        }
        if ((long) width * height * channels != src.length) {
            throw new IllegalArgumentException("source has " + src.length + " bytes, " + width + "x" + height
                    + "x" + channels + " needs " + (long) width * height * channels);
        }
        if (windowWidth < 1 || windowHeight < 1 || left < 0 || top < 0
                || left + windowWidth > outWidth || top + windowHeight > outHeight) {
            throw new IllegalArgumentException("window " + windowWidth + "x" + windowHeight + " at (" + left + ","
                    + top + ") is outside the " + outWidth + "x" + outHeight + " output");
        }
        if ((long) windowWidth * windowHeight * channels > dst.length) {
            throw new IllegalArgumentException("destination has " + dst.length + " bytes, window needs "
                    + (long) windowWidth * windowHeight * channels);
        }
    }
}
