package dev.inspection.core.bgad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.postprocess.BilinearResize;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnomalyMapperTest {

    private static final int[][] SHAPES = {{8, 8}, {4, 4}, {2, 2}};

    @Test
    void mapIsFrozenMaximumMinusSummedUpsampledLikelihoods() {
        float[] levelMax = {-1.5f, -2f, -0.5f};
        float maxS = 2.7f;
        AnomalyMapper mapper = new AnomalyMapper(SHAPES, levelMax, maxS, 16);
        float[][] logp = randomLogp(new SplittableRandom(3));
        float[] expected = new float[16 * 16];
        for (int l = 0; l < 3; l++) {
            float[] p = new float[logp[l].length];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) Math.exp(logp[l][i] - levelMax[l]);
            }
            new BilinearResize(SHAPES[l][0], SHAPES[l][1], 16, 16, true).resizeAndAdd(p, 0, expected, 0);
        }
        float[] map = mapper.anomalyMap(logp);
        float best = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < map.length; i++) {
            assertEquals(maxS - expected[i], map[i], 1e-5f);
            best = Math.max(best, map[i]);
        }
        assertEquals(best, AnomalyMapper.imageScore(map), 0f);
        float[] viaPipeline = new float[256];
        double score = mapper.pipeline().computeMap(mapper.likelihoodGrids(logp), viaPipeline,
                new dev.inspection.core.postprocess.AnomalyMapPipeline.Workspace());
        assertEquals(best, score, 0.0);
    }

    @Test
    void constantsRoundTripThroughManifestKeys() {
        AnomalyMapper mapper = new AnomalyMapper(SHAPES, new float[] {-1f, -2f, -3f}, 1.25f, 16);
        List<String> names = List.of("layer1", "layer2", "layer3");
        Map<String, Double> constants = mapper.constants(names);
        assertEquals(-2.0, constants.get("logp_max.layer2"));
        assertEquals(1.25, constants.get("map_max"));
        AnomalyMapper back = AnomalyMapper.fromConstants(constants, names, SHAPES, 16);
        float[][] logp = randomLogp(new SplittableRandom(5));
        float[] a = mapper.anomalyMap(logp);
        float[] b = back.anomalyMap(logp);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 0f);
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> AnomalyMapper.fromConstants(Map.of("map_max", 1.0), names, SHAPES, 16));
        assertTrue(missing.getMessage().contains("logp_max.layer1"), missing.getMessage());
    }

    @Test
    void rejectsLevelsOfTheWrongSize() {
        AnomalyMapper mapper = new AnomalyMapper(SHAPES, new float[3], 0f, 16);
        float[][] logp = randomLogp(new SplittableRandom(1));
        logp[1] = new float[5];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mapper.anomalyMap(logp));
        assertTrue(e.getMessage().contains("level 2"), e.getMessage());
    }

    private static float[][] randomLogp(SplittableRandom random) {
        float[][] logp = new float[SHAPES.length][];
        for (int l = 0; l < SHAPES.length; l++) {
            logp[l] = new float[SHAPES[l][0] * SHAPES[l][1]];
            for (int i = 0; i < logp[l].length; i++) {
                logp[l][i] = (float) (-3 + 2 * random.nextDouble());
            }
        }
        return logp;
    }
}
