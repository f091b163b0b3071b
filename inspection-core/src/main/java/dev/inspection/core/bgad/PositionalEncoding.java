package dev.inspection.core.bgad;

/**
 * BGAD's 2-D sine/cosine positional code (methods.md §2.3): for grid position (y, x) and
 * {@code div_k = exp(-2k ln(10000) / (D/2))}, channels {@code [0, D/2)} encode the column
 * ({@code sin(x div_k), cos(x div_k)} interleaved) and channels {@code [D/2, D)} the row. Indices are
 * raw integers, not normalised; every level uses its own grid.
 */
public final class PositionalEncoding {

    /** The paper's condition width. */
    public static final int DEFAULT_DIM = 128;

    private PositionalEncoding() {
    }

    /**
     * The code of every position as rows: {@code [height * width, dim]}, row {@code y * width + x}
     * (the row order of {@link dev.inspection.core.features.LevelMaps#toPositionRows}).
     */
    public static float[] table(int height, int width, int dim) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("grid must be positive, got " + height + "x" + width);
        }
        if (dim < 4 || dim % 4 != 0) {
            throw new IllegalArgumentException("positional code width must be a positive multiple of 4, got " + dim);
        }
        int half = dim / 2;
        int frequencies = half / 2;
        // float32 like torch.exp(torch.arange(0, half, 2).float() * (-ln(10000) / half))
        float[] div = new float[frequencies];
        for (int k = 0; k < frequencies; k++) {
            div[k] = (float) Math.exp((float) (2 * k) * (float) (-Math.log(10000.0) / half));
        }
        float[] out = new float[height * width * dim];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int row = (y * width + x) * dim;
                for (int k = 0; k < frequencies; k++) {
                    float ax = (float) x * div[k];
                    float ay = (float) y * div[k];
                    out[row + 2 * k] = (float) Math.sin(ax);
                    out[row + 2 * k + 1] = (float) Math.cos(ax);
                    out[row + half + 2 * k] = (float) Math.sin(ay);
                    out[row + half + 2 * k + 1] = (float) Math.cos(ay);
                }
            }
        }
        return out;
    }
}
