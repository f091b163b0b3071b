package dev.inspection.core.bgad;

import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.PostProcessingConfig;

/**
 * BGAD's test-time scoring (methods.md §2.9) with frozen constants: per level
 * {@code exp(logp - levelMaxLogp)}, bilinear (align_corners=true) to the map size, summed over levels;
 * the anomaly map is {@code maxScoreReference - S}; the image score is the map's maximum. Both
 * constants come from training normals, never from the images being scored.
 *
 * <p>The upsampling, offset and image score are the shared {@link AnomalyMapPipeline}
 * ({@link PostProcessingConfig#bgad}): each level enters as the grid {@code -exp(logp - max)} with the
 * pipeline offset {@code maxScoreReference}. Training-time evaluation and the scoring service both go
 * through this class, so they compute the same map by the same code. Immutable and thread-safe.
 */
public final class AnomalyMapper {

    /** Manifest calibration constant per level: {@code "logp_max." + level name}. */
    public static final String LEVEL_MAX_PREFIX = "logp_max.";
    /** Manifest calibration constant of {@code maxScoreReference}. */
    public static final String MAP_MAX = "map_max";

    private final int[][] gridShapes;
    private final float[] levelMaxLogp;
    private final float maxScoreReference;
    private final AnomalyMapPipeline pipeline;

    /**
     * @param gridShapes        {@code {height, width}} of each level (layer1..3)
     * @param levelMaxLogp      frozen per-level maximum per-dimension log-likelihood of training normals
     * @param maxScoreReference frozen maximum of the summed likelihood map over training normals
     * @param mapSize           side of the square anomaly map (the network input size)
     */
    public AnomalyMapper(int[][] gridShapes, float[] levelMaxLogp, float maxScoreReference, int mapSize) {
        if (gridShapes == null || levelMaxLogp == null || levelMaxLogp.length != gridShapes.length) {
            throw new IllegalArgumentException((levelMaxLogp == null ? 0 : levelMaxLogp.length) + " level maxima for "
                    + (gridShapes == null ? 0 : gridShapes.length) + " levels");
        }
        for (int l = 0; l < levelMaxLogp.length; l++) {
            if (!Float.isFinite(levelMaxLogp[l])) {
                throw new IllegalArgumentException("level " + (l + 1) + " maximum log-likelihood is " + levelMaxLogp[l]);
            }
        }
        this.gridShapes = new int[gridShapes.length][];
        for (int l = 0; l < gridShapes.length; l++) {
            this.gridShapes[l] = gridShapes[l].clone();
        }
        this.levelMaxLogp = levelMaxLogp.clone();
        this.maxScoreReference = maxScoreReference;
        this.pipeline = new AnomalyMapPipeline(PostProcessingConfig.bgad(mapSize), this.gridShapes, maxScoreReference);
    }

    /**
     * Rebuilds the mapper from a manifest's frozen constants ({@link #LEVEL_MAX_PREFIX} per level name,
     * {@link #MAP_MAX}).
     *
     * @throws IllegalArgumentException naming a missing constant
     */
    public static AnomalyMapper fromConstants(java.util.Map<String, Double> constants, java.util.List<String> levelNames,
                                              int[][] gridShapes, int mapSize) {
        float[] levelMax = new float[levelNames.size()];
        for (int l = 0; l < levelMax.length; l++) {
            levelMax[l] = constant(constants, LEVEL_MAX_PREFIX + levelNames.get(l));
        }
        return new AnomalyMapper(gridShapes, levelMax, constant(constants, MAP_MAX), mapSize);
    }

    private static float constant(java.util.Map<String, Double> constants, String key) {
        Double v = constants.get(key);
        if (v == null) {
            throw new IllegalArgumentException("BGAD scoring constant '" + key + "' is missing (have "
                    + new java.util.TreeSet<>(constants.keySet()) + ")");
        }
        return v.floatValue();
    }

    /** The frozen constants under their manifest keys, for the given level names. */
    public java.util.Map<String, Double> constants(java.util.List<String> levelNames) {
        if (levelNames.size() != levelMaxLogp.length) {
            throw new IllegalArgumentException(levelNames.size() + " level names for " + levelMaxLogp.length + " levels");
        }
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int l = 0; l < levelMaxLogp.length; l++) {
            m.put(LEVEL_MAX_PREFIX + levelNames.get(l), (double) levelMaxLogp[l]);
        }
        m.put(MAP_MAX, (double) maxScoreReference);
        return m;
    }

    public int mapSize() {
        return pipeline.config().mapSize();
    }

    public int levels() {
        return gridShapes.length;
    }

    /** The shared post-processing this mapper feeds ({@link #likelihoodGrids} are its input grids). */
    public AnomalyMapPipeline pipeline() {
        return pipeline;
    }

    /**
     * Per level the grid {@code -exp(logp - levelMaxLogp)}, the input of {@link #pipeline()}.
     *
     * @param levelLogp per level the per-dimension log-likelihood of every position, row {@code y * W + x}
     * @throws IllegalArgumentException when the levels or their sizes do not match the grid shapes
     */
    public float[][] likelihoodGrids(float[][] levelLogp) {
        if (levelLogp == null || levelLogp.length != gridShapes.length) {
            throw new IllegalArgumentException("expected " + gridShapes.length + " levels of log-likelihoods, got "
                    + (levelLogp == null ? "null" : levelLogp.length));
        }
        float[][] grids = new float[gridShapes.length][];
        for (int l = 0; l < gridShapes.length; l++) {
            float[] lp = levelLogp[l];
            int positions = gridShapes[l][0] * gridShapes[l][1];
            if (lp == null || lp.length != positions) {
                throw new IllegalArgumentException("level " + (l + 1) + " has " + (lp == null ? 0 : lp.length)
                        + " values, expected " + positions);
            }
            float max = levelMaxLogp[l];
            float[] grid = new float[positions];
            for (int i = 0; i < positions; i++) {
                grid[i] = (float) -Math.exp(lp[i] - max);
            }
            grids[l] = grid;
        }
        return grids;
    }

    /** Anomaly map {@code maxScoreReference - S} (larger = more anomalous), {@code mapSize^2} floats. */
    public float[] anomalyMap(float[][] levelLogp) {
        float[] map = new float[pipeline.mapPixels()];
        pipeline.computeMap(likelihoodGrids(levelLogp), map, new AnomalyMapPipeline.Workspace());
        return map;
    }

    public static float imageScore(float[] anomalyMap) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : anomalyMap) {
            max = Math.max(max, v);
        }
        return max;
    }

    public float[] levelMaxLogp() {
        return levelMaxLogp.clone();
    }

    public float maxScoreReference() {
        return maxScoreReference;
    }
}
