package dev.inspection.core.image;

/**
 * Turns a decoded image into normalised NCHW float32 backbone input, reproducing torchvision's
 * {@code Resize -> CenterCrop -> ToTensor -> Normalize} on a PIL image bit for bit (see
 * {@link PreprocessingSpec} and {@link PillowResize}).
 *
 * <p>Only the cropped window of the resized image is computed. Normalisation uses a 256-entry table
 * per channel holding {@code ((v / 255f) - mean) / std} evaluated in float32, exactly torchvision's
 * arithmetic, and is fused with the HWC to CHW transpose into the caller's buffer, so a batch buffer
 * for ONNX Runtime is filled without extra copies.
 *
 * <p>Immutable and thread-safe.
 */
public final class Preprocessor {

    private final PreprocessingSpec spec;
    /** normalised[c * 256 + v] for channel c and 8-bit value v. */
    private final float[] normalised = new float[3 * 256];

    public Preprocessor(PreprocessingSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("preprocessing spec is null");
        }
        this.spec = spec;
        float[] mean = spec.mean();
        float[] std = spec.std();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                float unit = (float) v / 255f;
                normalised[c * 256 + v] = (unit - mean[c]) / std[c];
            }
        }
    }

    public PreprocessingSpec spec() {
        return spec;
    }

    /** Floats written per image: 3 * crop * crop. */
    public int floatsPerImage() {
        return spec.floatsPerImage();
    }

    /**
     * Writes the normalised CHW planes (R, G, B; each crop x crop, row-major) of {@code image} into
     * {@code dest[offset .. offset + floatsPerImage())}. For image {@code b} of a batch pass
     * {@code offset = b * floatsPerImage()}.
     */
    public void preprocess(RgbImage image, float[] dest, int offset) {
        int crop = spec.cropSize();
        int planeSize = crop * crop;
        if (offset < 0 || (long) offset + 3L * planeSize > dest.length) {
            throw new IndexOutOfBoundsException("destination of " + dest.length + " floats cannot hold "
                    + 3 * planeSize + " floats at offset " + offset);
        }
        byte[] window = resizeAndCrop(image);
        for (int i = 0, p = 0; i < planeSize; i++, p += 3) {
            dest[offset + i] = normalised[window[p] & 0xff];
            dest[offset + planeSize + i] = normalised[256 + (window[p + 1] & 0xff)];
            dest[offset + 2 * planeSize + i] = normalised[512 + (window[p + 2] & 0xff)];
        }
    }

    /** Convenience: a fresh {@code [3, crop, crop]} float array. */
    public float[] preprocess(RgbImage image) {
        float[] out = new float[floatsPerImage()];
        preprocess(image, out, 0);
        return out;
    }

    /**
     * The 8-bit RGB image the network sees before normalisation: resized and cropped, interleaved,
     * crop x crop (useful for overlays and debugging).
     */
    public RgbImage resizeAndCropImage(RgbImage image) {
        return new RgbImage(spec.cropSize(), spec.cropSize(), resizeAndCrop(image));
    }

    private byte[] resizeAndCrop(RgbImage image) {
        int crop = spec.cropSize();
        int[] resized = spec.resizedSize(image.width(), image.height());
        int left = PreprocessingSpec.centerCropOffset(resized[0], crop);
        int top = PreprocessingSpec.centerCropOffset(resized[1], crop);
        byte[] window = new byte[crop * crop * 3];
        PillowResize.bilinearWindow(image.rgb(), image.width(), image.height(), 3, resized[0], resized[1],
                left, top, crop, crop, window);
        return window;
    }

    /**
     * Aligns a ground-truth mask with the network input: same resize and crop as the image, with
     * Pillow NEAREST resampling so the mask stays binary. Returns crop*crop bytes (row-major).
     *
     * @param gray   one byte per pixel, {@code width*height} bytes (0 = normal, non-zero = defect)
     */
    public byte[] preprocessMask(byte[] gray, int width, int height) {
        return preprocessMask(gray, width, height, MaskResampling.NEAREST);
    }

    /**
     * A ground-truth mask as an encoded image (PNG; its first channel, non-zero = defect) aligned like
     * {@link #preprocessMask(byte[], int, int)}: crop*crop bytes.
     *
     * @param name names the mask in decoding errors
     */
    public byte[] preprocessEncodedMask(ImageDecoder decoder, byte[] png, String name) {
        RgbImage rgb = decoder.decode(png, name);
        byte[] interleaved = rgb.rgb();
        byte[] gray = new byte[rgb.width() * rgb.height()];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = interleaved[3 * i];
        }
        return preprocessMask(gray, rgb.width(), rgb.height());
    }

    /** As {@link #preprocessMask(byte[], int, int)}, with an explicit resampling filter. */
    public byte[] preprocessMask(byte[] gray, int width, int height, MaskResampling resampling) {
        if (gray == null || width < 1 || height < 1 || (long) width * height != gray.length) {
            throw new InvalidImageException("mask buffer for " + width + "x" + height + " must have "
                    + (long) width * height + " bytes, got " + (gray == null ? "none" : gray.length));
        }
        int crop = spec.cropSize();
        int[] resized = spec.resizedSize(width, height);
        int left = PreprocessingSpec.centerCropOffset(resized[0], crop);
        int top = PreprocessingSpec.centerCropOffset(resized[1], crop);
        byte[] out = new byte[crop * crop];
        if (resampling == MaskResampling.BILINEAR) {
            PillowResize.bilinearWindow(gray, width, height, 1, resized[0], resized[1], left, top, crop, crop, out);
        } else {
            PillowResize.nearestWindow(gray, width, height, 1, resized[0], resized[1], left, top, crop, crop, out);
        }
        return out;
    }

    /** Static form of {@link #preprocessMask(byte[], int, int)} for callers without a Preprocessor. */
    public static byte[] preprocessMask(byte[] gray, int width, int height, PreprocessingSpec spec) {
        return new Preprocessor(spec).preprocessMask(gray, width, height);
    }
}
