package dev.inspection.feature.provisioning;

/**
 * The synthetic verification image {@code golden64.input.f32} (golden/README.md, "Inputs"),
 * regenerated from its formula so verification needs no data file:
 * <pre>
 *   p[c][y][x] = 0.5 + 0.25 sin(0.37 (c+1) x + 0.23 y + 1.1 c) + 0.25 cos(0.05 x y + 0.7 c)
 *   input[0][c][y][x] = (float) ((p - mean[c]) / std[c])      (float64 arithmetic)
 * </pre>
 */
public final class Golden64Input {

    public static final int SIZE = 64;
    public static final long[] SHAPE = {1, 3, SIZE, SIZE};

    private Golden64Input() {
    }

    /** NCHW float32, 1 x 3 x 64 x 64, already normalised. */
    public static float[] generate() {
        float[] out = new float[3 * SIZE * SIZE];
        for (int c = 0; c < 3; c++) {
            double mean = ResNet50TrunkExporter.IMAGENET_MEAN[c];
            double std = ResNet50TrunkExporter.IMAGENET_STD[c];
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double p = 0.5 + 0.25 * Math.sin(0.37 * (c + 1) * x + 0.23 * y + 1.1 * c)
                            + 0.25 * Math.cos(0.05 * x * y + 0.7 * c);
                    out[(c * SIZE + y) * SIZE + x] = (float) ((p - mean) / std);
                }
            }
        }
        return out;
    }
}
