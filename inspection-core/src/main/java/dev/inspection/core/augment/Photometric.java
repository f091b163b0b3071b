package dev.inspection.core.augment;

import java.util.SplittableRandom;

/** Pixel-value ops on square interleaved RGB float images (values 0..255, clamped at the end). */
final class Photometric {

    private Photometric() {
    }

    static void gaussianNoise(float[] rgb, double sigma, SplittableRandom random) {
        for (int i = 0; i < rgb.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1)) * sigma;
            rgb[i] += (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < rgb.length) {
                rgb[i + 1] += (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
    }

    static void brightnessContrast(float[] rgb, double contrast, double brightness) {
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) (rgb[i] * contrast + brightness);
        }
    }

    /** 3x3 mean filter with edge replication. */
    static float[] boxBlur3(float[] rgb, int size) {
        float[] out = new float[rgb.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    float sum = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = Math.min(size - 1, Math.max(0, y + dy));
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = Math.min(size - 1, Math.max(0, x + dx));
                            sum += rgb[(yy * size + xx) * 3 + c];
                        }
                    }
                    out[(y * size + x) * 3 + c] = sum / 9f;
                }
            }
        }
        return out;
    }

    /** Unsharp mask: {@code x + amount (x - blur3(x))}. */
    static float[] sharpen(float[] rgb, int size, float amount) {
        float[] blurred = boxBlur3(rgb, size);
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = rgb[i] + amount * (rgb[i] - blurred[i]);
        }
        return out;
    }
}
