package dev.inspection.core.augment;

import dev.inspection.core.image.RgbImage;
import java.util.SplittableRandom;

/**
 * RandAugment-style augmentation of a defect image and its mask, after BGAD's copy-paste generator
 * (methods.md §2.8): three distinct operations drawn from a list, geometric ones applied jointly to
 * pixels and mask, photometric ones to pixels only. A simplified list (no optical/grid distortion,
 * CLAHE, emboss or HSV): rot90, flip, transpose, shift-scale-rotate, Gaussian noise, 3x3 blur,
 * brightness/contrast and sharpen, with the official probabilities where an op exists there.
 * Deterministic for a given random generator state; square images only (rot90/transpose keep the
 * shape, so the result can be pasted back onto an image of the same size).
 */
public final class DefectAugmenter {

    /** Number of operations in the list. */
    public static final int OPERATION_COUNT = 8;
    /** Operations applied per augmentation (distinct). */
    public static final int OPERATIONS_PER_AUGMENTATION = 3;

    private DefectAugmenter() {
    }

    public static MaskedImage augment(MaskedImage source, SplittableRandom random) {
        RgbImage image = source.image();
        if (image.width() != image.height()) {
            throw new IllegalArgumentException("defect augmentation needs a square image, got " + image.width() + "x"
                    + image.height());
        }
        int size = image.width();
        float[] rgb = new float[size * size * 3];
        byte[] pixels = image.rgb();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = pixels[i] & 0xff;
        }
        byte[] mask = binary(source.mask());
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7};
        for (int i = 0; i < OPERATIONS_PER_AUGMENTATION; i++) { // partial Fisher-Yates: 3 distinct ops
            int j = i + random.nextInt(OPERATION_COUNT - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < OPERATIONS_PER_AUGMENTATION; i++) {
            switch (order[i]) {
                case 0 -> {
                    int turns = 1 + random.nextInt(3);
                    rgb = Geometry.rotate90(rgb, size, 3, turns);
                    mask = Geometry.rotate90(mask, size, turns);
                }
                case 1 -> {
                    int kind = random.nextInt(3); // 0 horizontal, 1 vertical, 2 both
                    rgb = Geometry.flip(rgb, size, 3, kind != 1, kind != 0);
                    mask = Geometry.flip(mask, size, kind != 1, kind != 0);
                }
                case 2 -> {
                    rgb = Geometry.transpose(rgb, size, 3);
                    mask = Geometry.transpose(mask, size);
                }
                case 3 -> {
                    double angle = Math.toRadians(uniform(random, -45, 45));
                    double scale = uniform(random, 0.8, 1.2);
                    double shiftX = uniform(random, -0.0625, 0.0625) * size;
                    double shiftY = uniform(random, -0.0625, 0.0625) * size;
                    Geometry.Affine affine = Geometry.Affine.rotateScaleShift(size, angle, scale, shiftX, shiftY);
                    rgb = Geometry.warpBilinearReflect(rgb, size, 3, affine);
                    mask = Geometry.warpNearest(mask, size, affine);
                }
                case 4 -> {
                    if (random.nextDouble() < 0.2) {
                        Photometric.gaussianNoise(rgb, uniform(random, 3, 7), random);
                    }
                }
                case 5 -> {
                    if (random.nextDouble() < 0.2) {
                        rgb = Photometric.boxBlur3(rgb, size);
                    }
                }
                case 6 -> {
                    if (random.nextDouble() < 0.3) {
                        Photometric.brightnessContrast(rgb, 1 + uniform(random, -0.2, 0.2), uniform(random, -0.2, 0.2) * 255);
                    }
                }
                case 7 -> {
                    if (random.nextDouble() < 0.3) {
                        rgb = Photometric.sharpen(rgb, size, 0.5f);
                    }
                }
                default -> throw new IllegalStateException("operation " + order[i]);
            }
        }
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (byte) Math.round(Math.min(255f, Math.max(0f, rgb[i])));
        }
        return new MaskedImage(new RgbImage(size, size, out), mask);
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    private static byte[] binary(byte[] mask) {
        byte[] out = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = (byte) (mask[i] != 0 ? 1 : 0);
        }
        return out;
    }
}
