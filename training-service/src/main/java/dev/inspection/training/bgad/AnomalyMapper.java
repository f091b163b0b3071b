package dev.inspection.training.bgad;

import dev.inspection.core.postprocess.BilinearResize;
import java.util.ArrayList;
import java.util.List;

/**
 * BGAD's test-time scoring (methods.md §2.9) with frozen constants: per level
 * {@code exp(logp - levelMaxLogp)}, bilinear (align_corners=true) to the map size, summed over levels;
 * the anomaly map is {@code maxScoreReference - S}; the image score is the map's maximum.
 * Both constants come from training normals, never from the images being scored.
 */
public final class AnomalyMapper {

    private final List<LevelShape> shapes;
    private final float[] levelMaxLogp;
    private final float maxScoreReference;
    private final int mapSize;
    private final List<BilinearResize> resizers = new ArrayList<>();

    public AnomalyMapper(List<LevelShape> shapes, float[] levelMaxLogp, float maxScoreReference, int mapSize) {
        if (levelMaxLogp.length != shapes.size()) {
            throw new IllegalArgumentException(levelMaxLogp.length + " level maxima for " + shapes.size() + " levels");
        }
        this.shapes = List.copyOf(shapes);
        this.levelMaxLogp = levelMaxLogp.clone();
        this.maxScoreReference = maxScoreReference;
        this.mapSize = mapSize;
        for (LevelShape s : shapes) {
            resizers.add(new BilinearResize(s.height(), s.width(), mapSize, mapSize, true));
        }
    }

    public int mapSize() {
        return mapSize;
    }

    /** {@code S = sum_l up(exp(logp_l - max_l))}, {@code mapSize^2} floats. */
    public float[] likelihoodSum(float[][] levelLogp) {
        float[] sum = new float[mapSize * mapSize];
        for (int l = 0; l < shapes.size(); l++) {
            float[] lp = levelLogp[l];
            if (lp.length != shapes.get(l).positions()) {
                throw new IllegalArgumentException("level " + (l + 1) + " has " + lp.length + " values, expected "
                        + shapes.get(l).positions());
            }
            float[] p = new float[lp.length];
            for (int i = 0; i < lp.length; i++) {
                p[i] = (float) Math.exp(lp[i] - levelMaxLogp[l]);
            }
            resizers.get(l).resizeAndAdd(p, 0, sum, 0);
        }
        return sum;
    }

    /** Anomaly map {@code maxScoreReference - S} (larger = more anomalous). */
    public float[] anomalyMap(float[][] levelLogp) {
        float[] s = likelihoodSum(levelLogp);
        for (int i = 0; i < s.length; i++) {
            s[i] = maxScoreReference - s[i];
        }
        return s;
    }

    public static float imageScore(float[] anomalyMap) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : anomalyMap) {
            max = Math.max(max, v);
        }
        return max;
    }
}
