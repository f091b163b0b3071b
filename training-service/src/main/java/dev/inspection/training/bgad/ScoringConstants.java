package dev.inspection.training.bgad;

import dev.inspection.core.bgad.AnomalyMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The frozen constants of BGAD scoring (methods.md §2.9, product form): per level the maximum
 * per-dimension log-likelihood over training-normal positions, and the maximum of the summed
 * likelihood map over those images ({@code A = maxScoreReference - S}).
 */
public record ScoringConstants(float[] levelMaxLogp, float maxScoreReference, int mapSize, int referenceImages) {

    public ScoringConstants {
        levelMaxLogp = levelMaxLogp.clone();
    }

    @Override
    public float[] levelMaxLogp() {
        return levelMaxLogp.clone();
    }

    static ScoringConstants fromTrainingNormals(List<FlowWeights> flows, FeatureBank normals, BgadConfig config,
                                                SplittableRandom random) {
        int count = Math.min(config.referenceImages(), normals.size());
        int[] order = java.util.stream.IntStream.range(0, normals.size()).toArray();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<LevelShape> shapes = normals.shapes();
        float[][][] logps = new float[count][][];
        float[] levelMax = new float[shapes.size()];
        Arrays.fill(levelMax, Float.NEGATIVE_INFINITY);
        try (FlowScorer scorer = new FlowScorer(flows, shapes)) {
            for (int i = 0; i < count; i++) {
                float[][] lp = new float[shapes.size()][];
                for (int l = 0; l < shapes.size(); l++) {
                    lp[l] = scorer.logLikelihoods(l, normals.levelRows(order[i], l));
                    for (float v : lp[l]) {
                        levelMax[l] = Math.max(levelMax[l], v);
                    }
                }
                logps[i] = lp;
            }
        }
        // With a zero offset the map is -S, so the largest S is minus the smallest map value.
        AnomalyMapper partial = new AnomalyMapper(gridShapes(shapes), levelMax, 0f, config.inputSize());
        float maxS = Float.NEGATIVE_INFINITY;
        for (float[][] lp : logps) {
            for (float v : partial.anomalyMap(lp)) {
                maxS = Math.max(maxS, -v);
            }
        }
        return new ScoringConstants(levelMax, maxS, config.inputSize(), count);
    }

    public AnomalyMapper mapper(List<LevelShape> shapes) {
        return new AnomalyMapper(gridShapes(shapes), levelMaxLogp, maxScoreReference, mapSize);
    }

    /** {@code {height, width}} per level. */
    public static int[][] gridShapes(List<LevelShape> shapes) {
        int[][] out = new int[shapes.size()][];
        for (int l = 0; l < out.length; l++) {
            out[l] = new int[] {shapes.get(l).height(), shapes.get(l).width()};
        }
        return out;
    }

    /** Named constants for the manifest. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int l = 0; l < levelMaxLogp.length; l++) {
            m.put("scoring.level" + (l + 1) + ".max_logp", Float.toString(levelMaxLogp[l]));
        }
        m.put("scoring.max_likelihood_sum", Float.toString(maxScoreReference));
        m.put("scoring.map_size", Integer.toString(mapSize));
        m.put("scoring.upsample", "bilinear align_corners=true");
        m.put("scoring.reference", "max over " + referenceImages + " training-normal images (never the test set)");
        m.put("scoring.formula", "A = max_likelihood_sum - sum_l up(exp(logp_l - level_l.max_logp)); score = max(A)");
        return m;
    }
}
