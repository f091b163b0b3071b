package dev.inspection.core.image;

import java.util.Arrays;

/**
 * How an image becomes the backbone input.
 *
 * <ul>
 *   <li>{@link Mode#RESIZE_CENTER_CROP}: torchvision {@code Resize(resizeSize)} (shorter side to
 *       {@code resizeSize}, longer side {@code int(resizeSize * long / short)}, Pillow BILINEAR) then
 *       {@code CenterCrop(cropSize)} (offset {@code int(round((size - crop) / 2.0))}, half to even).
 *       SimpleNet: 329 / 288.</li>
 *   <li>{@link Mode#RESIZE_WHOLE}: {@code Resize((cropSize, cropSize))}, aspect ratio not kept;
 *       {@code resizeSize} is ignored and must equal {@code cropSize}.</li>
 * </ul>
 * Then {@code ToTensor} + {@code Normalize(mean, std)} in float32.
 *
 * @param mean per-channel mean (R, G, B) of the 0..1 values; copied
 * @param std  per-channel standard deviation (R, G, B); copied, must be positive
 */
public record PreprocessingSpec(Mode mode, int resizeSize, int cropSize, float[] mean, float[] std) {

    /** Geometry of the preprocessing. */
    public enum Mode {
        RESIZE_CENTER_CROP,
        RESIZE_WHOLE
    }

    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public PreprocessingSpec {
        if (mode == null) {
            throw new IllegalArgumentException("preprocessing mode is null");
        }
        if (cropSize < 1) {
            throw new IllegalArgumentException("cropSize must be positive, got " + cropSize);
        }
        if (mode == Mode.RESIZE_CENTER_CROP && resizeSize < cropSize) {
            throw new IllegalArgumentException("resizeSize " + resizeSize + " is smaller than cropSize " + cropSize
                    + "; the center crop would need padding");
        }
        if (mode == Mode.RESIZE_WHOLE && resizeSize != cropSize) {
            throw new IllegalArgumentException("RESIZE_WHOLE resizes straight to cropSize; resizeSize must equal it, got "
                    + resizeSize + " vs " + cropSize);
        }
        mean = checkChannels(mean, "mean");
        std = checkChannels(std, "std");
        for (float s : std) {
            if (!(s > 0f)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
    }

    /** SimpleNet's reference preprocessing: resize 329, center crop 288, ImageNet statistics. */
    public static PreprocessingSpec simpleNet() {
        return centerCrop(329, 288);
    }

    /** Resize the shorter side to {@code resizeSize}, center crop {@code cropSize}, ImageNet statistics. */
    public static PreprocessingSpec centerCrop(int resizeSize, int cropSize) {
        return new PreprocessingSpec(Mode.RESIZE_CENTER_CROP, resizeSize, cropSize, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** Resize the whole image to {@code size x size}, ImageNet statistics. */
    public static PreprocessingSpec whole(int size) {
        return new PreprocessingSpec(Mode.RESIZE_WHOLE, size, size, IMAGENET_MEAN, IMAGENET_STD);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Floats one preprocessed image occupies: 3 * cropSize * cropSize. */
    public int floatsPerImage() {
        return 3 * cropSize * cropSize;
    }

    /**
     * Size of the resized image before cropping, as torchvision computes it: {@code {width, height}}.
     */
    public int[] resizedSize(int width, int height) {
        if (mode == Mode.RESIZE_WHOLE) {
            return new int[] {cropSize, cropSize};
        }
        // torchvision _compute_resized_output_size: long side = int(size * long / short), Python float division.
        if (width <= height) {
            return new int[] {resizeSize, (int) ((double) ((long) resizeSize * height) / width)};
        }
        return new int[] {(int) ((double) ((long) resizeSize * width) / height), resizeSize};
    }

    /** torchvision CenterCrop offset: {@code int(round((size - crop) / 2.0))}, Python's half-to-even round. */
    public static int centerCropOffset(int size, int crop) {
        return (int) Math.rint((size - crop) / 2.0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreprocessingSpec that && mode == that.mode && resizeSize == that.resizeSize
                && cropSize == that.cropSize && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return ((mode.hashCode() * 31 + resizeSize) * 31 + cropSize) * 31 + Arrays.hashCode(mean) * 17
                + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PreprocessingSpec[" + mode + ", resize=" + resizeSize + ", crop=" + cropSize + ", mean="
                + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }

    private static float[] checkChannels(float[] values, String name) {
        if (values == null || values.length != 3) {
            throw new IllegalArgumentException(name + " must have 3 values (R, G, B), got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        return values.clone();
    }
}
