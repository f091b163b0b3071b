package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A tiny stand-in backbone: each level's position gets tanh of a fixed random map of the mean RGB of
 * its stride x stride patch, so coloured defects give distinct features. Strides 4, 8, 16.
 */
final class SyntheticFeatureSource implements LevelFeatureSource {

    static final int[] CHANNELS = {6, 6, 8};
    private static final int[] STRIDES = {4, 8, 16};
    private final float[][] maps = new float[3][];
    int extractedImages;

    SyntheticFeatureSource() {
        SplittableRandom r = new SplittableRandom(42);
        for (int l = 0; l < 3; l++) {
            maps[l] = new float[3 * CHANNELS[l]];
            for (int i = 0; i < maps[l].length; i++) {
                maps[l][i] = (float) (r.nextDouble() * 4 - 2);
            }
        }
    }

    @Override
    public List<LevelShape> levelShapes(int inputSize) {
        List<LevelShape> out = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            out.add(new LevelShape(CHANNELS[l], inputSize / STRIDES[l], inputSize / STRIDES[l]));
        }
        return out;
    }

    @Override
    public List<float[][]> extract(List<RgbImage> images, PreprocessingSpec spec) {
        Preprocessor pre = new Preprocessor(spec);
        List<float[][]> out = new ArrayList<>();
        for (RgbImage image : images) {
            extractedImages++;
            RgbImage net = pre.resizeAndCropImage(image);
            int size = net.width();
            float[][] levels = new float[3][];
            for (int l = 0; l < 3; l++) {
                int s = STRIDES[l];
                int g = size / s;
                int c = CHANNELS[l];
                levels[l] = new float[g * g * c];
                for (int gy = 0; gy < g; gy++) {
                    for (int gx = 0; gx < g; gx++) {
                        double[] mean = new double[3];
                        for (int y = gy * s; y < gy * s + s; y++) {
                            for (int x = gx * s; x < gx * s + s; x++) {
                                for (int ch = 0; ch < 3; ch++) {
                                    mean[ch] += net.sample(x, y, ch) / 255.0 / (s * s);
                                }
                            }
                        }
                        for (int o = 0; o < c; o++) {
                            double acc = 0;
                            for (int ch = 0; ch < 3; ch++) {
                                acc += (mean[ch] - 0.4) * maps[l][ch * c + o];
                            }
                            levels[l][(gy * g + gx) * c + o] = (float) Math.tanh(acc);
                        }
                    }
                }
            }
            out.add(levels);
        }
        return out;
    }

    /** Grey noise texture around a random level. */
    static RgbImage normalImage(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int base = 90 + r.nextInt(30);
        byte[] rgb = new byte[size * size * 3];
        for (int i = 0; i < size * size; i++) {
            int v = base + r.nextInt(21) - 10;
            rgb[3 * i] = (byte) v;
            rgb[3 * i + 1] = (byte) v;
            rgb[3 * i + 2] = (byte) v;
        }
        return new RgbImage(size, size, rgb);
    }

    /** A normal image with a red square at (x0, y0); {@code mask} receives 255 on the square. */
    static RgbImage withDefect(int size, long seed, int x0, int y0, int side, byte[] mask) {
        RgbImage normal = normalImage(size, seed);
        byte[] rgb = normal.rgb().clone();
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                int p = y * size + x;
                rgb[3 * p] = (byte) 230;
                rgb[3 * p + 1] = (byte) 30;
                rgb[3 * p + 2] = (byte) 30;
                mask[p] = (byte) 255;
            }
        }
        return new RgbImage(size, size, rgb);
    }
}
