package dev.inspection.core.features;

/**
 * Pass-through of one backbone level as per-position rows, the sample layout of BGAD's flows
 * (methods.md §2.2: every spatial position is one C-vector): CHW {@code [C, H, W]} to
 * {@code [H*W, C]}, row {@code n = y * W + x}, the same row order as {@link PatchAggregator}.
 */
public final class LevelMaps {

    /** Transpose tile edge: 32x32 floats = 4 KiB read and written per tile. */
    private static final int TILE = 32;

    private LevelMaps() {
    }

    /**
     * Writes {@code channels * height * width} floats: {@code out[outOffset + n*channels + c] =
     * chw[chwOffset + c*height*width + n]}.
     */
    public static void toPositionRows(float[] chw, int chwOffset, int channels, int height, int width,
                                      float[] out, int outOffset) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("level shape must be positive, got [" + channels + ", " + height
                    + ", " + width + "]");
        }
        int positions = height * width;
        long count = (long) channels * positions;
        if (chwOffset < 0 || chwOffset + count > chw.length) {
            throw new IndexOutOfBoundsException("level buffer of " + chw.length + " floats cannot hold " + count
                    + " floats at offset " + chwOffset);
        }
        if (outOffset < 0 || outOffset + count > out.length) {
            throw new IndexOutOfBoundsException("output buffer of " + out.length + " floats cannot hold " + count
                    + " floats at offset " + outOffset);
        }
        // Tiled transpose so both sides stay in cache for large maps (e.g. 256 x 72*72).
        for (int c0 = 0; c0 < channels; c0 += TILE) {
            int c1 = Math.min(channels, c0 + TILE);
            for (int n0 = 0; n0 < positions; n0 += TILE) {
                int n1 = Math.min(positions, n0 + TILE);
                for (int c = c0; c < c1; c++) {
                    int src = chwOffset + c * positions;
                    for (int n = n0; n < n1; n++) {
                        out[outOffset + n * channels + c] = chw[src + n];
                    }
                }
            }
        }
    }
}
