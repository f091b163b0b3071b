package dev.inspection.core.postprocess;

/**
 * Turns patch-score grids into the raw pixel anomaly map and the raw image score; the one code path
 * for training-time evaluation and for serving.
 *
 * <pre>
 * map   = mapOffset + sum over levels of bilinear(grid_l -&gt; mapSize x mapSize)
 * map   = gaussian(map, blurSigma)               (skipped when blurSigma == 0)
 * image = max(grid_0) (GRID_MAX) or max(map) (MAP_MAX)
 * </pre>
 *
 * <p>SimpleNet: one level (the 36x36 grid of {@code -D}), {@link PostProcessingConfig#simpleNet}.
 * BGAD: three levels given as {@code -exp(logp_l - logpMax_l)} with {@code mapOffset} = the frozen
 * global map maximum, so {@code map = mapMax - sum_l up(exp(...))} as in BGAD's scoring, and
 * {@link PostProcessingConfig#bgad}.
 *
 * <p>Immutable and thread-safe; per-thread buffers live in a {@link Workspace}.
 */
public final class AnomalyMapPipeline {

    private final PostProcessingConfig config;
    private final BilinearResize[] levels;
    private final GaussianBlur blur;
    private final double mapOffset;

    /** Single-level pipeline with no offset (SimpleNet). */
    public AnomalyMapPipeline(PostProcessingConfig config, int gridHeight, int gridWidth) {
        this(config, new int[][] {{gridHeight, gridWidth}}, 0.0);
    }

    /**
     * @param config     post-processing settings
     * @param gridShapes {@code {height, width}} of each level's grid
     * @param mapOffset  constant added to every map pixel before the blur
     * @throws IllegalArgumentException for no levels, a bad shape, a non-finite offset, or GRID_MAX with
     *                                  more than one level
     */
    public AnomalyMapPipeline(PostProcessingConfig config, int[][] gridShapes, double mapOffset) {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        if (gridShapes == null || gridShapes.length == 0) {
            throw new IllegalArgumentException("at least one grid level is required");
        }
        if (config.imageScore() == ImageScoreSource.GRID_MAX && gridShapes.length != 1) {
            throw new IllegalArgumentException("GRID_MAX image score needs exactly one level, got "
                    + gridShapes.length);
        }
        if (!Double.isFinite(mapOffset)) {
            throw new IllegalArgumentException("mapOffset must be finite, got " + mapOffset);
        }
        this.config = config;
        this.levels = new BilinearResize[gridShapes.length];
        for (int l = 0; l < gridShapes.length; l++) {
            int[] shape = gridShapes[l];
            if (shape == null || shape.length != 2) {
                throw new IllegalArgumentException("grid shape of level " + l + " must be {height, width}");
            }
            levels[l] = new BilinearResize(shape[0], shape[1], config.mapSize(), config.mapSize(),
                    config.alignCorners());
        }
        this.blur = config.blurSigma() > 0 ? new GaussianBlur(config.blurSigma()) : null;
        this.mapOffset = mapOffset;
    }

    public PostProcessingConfig config() {
        return config;
    }

    /** Number of map pixels ({@code mapSize^2}). */
    public int mapPixels() {
        return config.mapSize() * config.mapSize();
    }

    /**
     * Single-level form of {@link #computeMap(float[][], float[], Workspace)} (SimpleNet).
     *
     * @throws IllegalArgumentException if the pipeline has more than one level or the grid has the wrong length
     */
    public double computeMap(float[] grid, float[] mapOut, Workspace workspace) {
        if (levels.length != 1) {
            throw new IllegalArgumentException("expected " + levels.length + " grids, got 1");
        }
        checkGrid(0, grid);
        checkMap(mapOut);
        levels[0].resize(grid, 0, mapOut, 0);
        return finish(grid, mapOut, workspace);
    }

    /**
     * Computes the raw pixel map into {@code mapOut} and returns the raw image score.
     *
     * @param grids     one row-major grid per level, in the order of the constructor's shapes
     * @param mapOut    at least {@code mapSize^2} values
     * @param workspace per-thread buffers
     * @throws IllegalArgumentException on a wrong number of levels or a grid of the wrong length
     */
    public double computeMap(float[][] grids, float[] mapOut, Workspace workspace) {
        if (grids == null || grids.length != levels.length) {
            throw new IllegalArgumentException("expected " + levels.length + " grid(s), got "
                    + (grids == null ? "null" : grids.length));
        }
        for (int l = 0; l < levels.length; l++) {
            checkGrid(l, grids[l]);
        }
        checkMap(mapOut);
        levels[0].resize(grids[0], 0, mapOut, 0);
        for (int l = 1; l < levels.length; l++) {
            levels[l].resizeAndAdd(grids[l], 0, mapOut, 0);
        }
        return finish(grids[0], mapOut, workspace);
    }

    /** Offset, blur and image score of an upsampled map. */
    private double finish(float[] firstGrid, float[] mapOut, Workspace workspace) {
        int n = mapPixels();
        if (mapOffset != 0.0) {
            float offset = (float) mapOffset;
            for (int i = 0; i < n; i++) {
                mapOut[i] = offset + mapOut[i];
            }
        }
        if (blur != null) {
            blur.apply(mapOut, mapOut, config.mapSize(), config.mapSize(), workspace.blur);
        }
        return config.imageScore() == ImageScoreSource.GRID_MAX ? max(firstGrid, firstGrid.length) : max(mapOut, n);
    }

    private void checkGrid(int level, float[] grid) {
        int expected = levels[level].inHeight() * levels[level].inWidth();
        if (grid == null || grid.length != expected) {
            throw new IllegalArgumentException("grid of level " + level + " must hold " + expected
                    + " values, got " + (grid == null ? "null" : grid.length));
        }
    }

    private void checkMap(float[] mapOut) {
        if (mapOut == null || mapOut.length < mapPixels()) {
            throw new IllegalArgumentException("mapOut must hold " + mapPixels() + " values, got "
                    + (mapOut == null ? "null" : mapOut.length));
        }
    }

    private static double max(float[] values, int n) {
        float best = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (v > best) {
                best = v;
            } else if (v != v) {
                throw new IllegalArgumentException("score at index " + i + " is NaN");
            }
        }
        return best;
    }

    /** Per-thread buffers; not thread-safe. */
    public static final class Workspace {
        final GaussianBlur.Workspace blur = new GaussianBlur.Workspace();
    }
}
