package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyMapPipelineTest {

    @Test
    void simpleNetUpsamplesBlursAndScoresTheRawGridMax() {
        Random random = new Random(11);
        float[] grid = new float[36 * 36];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (float) random.nextGaussian();
        }
        grid[100] = 9f; // one sharp peak: the blur lowers it, the image score must not be lowered
        AnomalyMapPipeline pipeline = new AnomalyMapPipeline(PostProcessingConfig.simpleNet(288), 36, 36);
        float[] map = new float[288 * 288];
        double score = pipeline.computeMap(grid, map, new AnomalyMapPipeline.Workspace());

        float[] expected = new float[288 * 288];
        new BilinearResize(36, 36, 288, 288, false).resize(grid, 0, expected, 0);
        new GaussianBlur(4.0).apply(expected, expected, 288, 288, new GaussianBlur.Workspace());
        assertArrayEquals(expected, map);
        assertEquals(9.0, score);
    }

    @Test
    void bgadSumsLevelsSubtractsFromOffsetAndScoresTheMapMax() {
        // levels 4x4, 2x2 -> 8x8; grids hold -p so map = offset - sum(up(p))
        float[] p1 = new float[16];
        float[] p2 = {0.5f, 0.25f, 1f, 0f};
        for (int i = 0; i < 16; i++) {
            p1[i] = i / 16f;
        }
        float[] g1 = negate(p1);
        float[] g2 = negate(p2);
        float offset = 2f;
        AnomalyMapPipeline pipeline = new AnomalyMapPipeline(PostProcessingConfig.bgad(8),
                new int[][] {{4, 4}, {2, 2}}, offset);
        float[] map = new float[64];
        double score = pipeline.computeMap(new float[][] {g1, g2}, map, new AnomalyMapPipeline.Workspace());

        float[] up1 = new float[64];
        float[] up2 = new float[64];
        new BilinearResize(4, 4, 8, 8, true).resize(p1, 0, up1, 0);
        new BilinearResize(2, 2, 8, 8, true).resize(p2, 0, up2, 0);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < 64; i++) {
            float expected = offset - (up1[i] + up2[i]);
            assertEquals(expected, map[i], 0f, "pixel " + i);
            max = Math.max(max, expected);
        }
        assertEquals(max, score);
        // top-left corner: p1 = 0, p2 = 0.5 with align_corners -> 2 - 0.5
        assertEquals(1.5f, map[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pipeline.computeMap(g1, map, new AnomalyMapPipeline.Workspace()));
        assertEquals("expected 2 grids, got 1", e.getMessage());
    }

    @Test
    void zeroSigmaSkipsTheBlur() {
        PostProcessingConfig config = new PostProcessingConfig(4, 0.0, false, ImageScoreSource.MAP_MAX);
        float[] map = new float[16];
        double score = new AnomalyMapPipeline(config, 2, 2)
                .computeMap(new float[] {1, 2, 3, 4}, map, new AnomalyMapPipeline.Workspace());
        float[] expected = new float[16];
        new BilinearResize(2, 2, 4, 4, false).resize(new float[] {1, 2, 3, 4}, 0, expected, 0);
        assertArrayEquals(expected, map);
        assertEquals(4.0, score);
    }

    @Test
    void rejectsInconsistentConfigurationAndInputs() {
        PostProcessingConfig simpleNet = PostProcessingConfig.simpleNet(16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnomalyMapPipeline(simpleNet, new int[][] {{2, 2}, {4, 4}}, 0));
        assertEquals("GRID_MAX image score needs exactly one level, got 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PostProcessingConfig(0, 4, false, ImageScoreSource.MAP_MAX));
        assertThrows(IllegalArgumentException.class, () -> new PostProcessingConfig(8, -1, false, ImageScoreSource.MAP_MAX));
        AnomalyMapPipeline pipeline = new AnomalyMapPipeline(simpleNet, 2, 2);
        assertThrows(IllegalArgumentException.class,
                () -> pipeline.computeMap(new float[5], new float[256], new AnomalyMapPipeline.Workspace()));
        assertThrows(IllegalArgumentException.class,
                () -> pipeline.computeMap(new float[4], new float[255], new AnomalyMapPipeline.Workspace()));
        assertThrows(IllegalArgumentException.class,
                () -> pipeline.computeMap(new float[] {1, Float.NaN, 0, 0}, new float[256], new AnomalyMapPipeline.Workspace()));
    }

    private static float[] negate(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }
}
