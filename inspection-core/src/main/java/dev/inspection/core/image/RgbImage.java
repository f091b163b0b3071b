package dev.inspection.core.image;

/**
 * A decoded 8-bit RGB image: {@code rgb} holds {@code width*height*3} bytes, interleaved R, G, B,
 * row-major, no padding. The array is owned by the image and shared with the caller (no defensive
 * copies on the hot path); treat it as read-only.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final byte[] rgb;

    /** Wraps an interleaved RGB buffer; its length must be width*height*3. */
    public RgbImage(int width, int height, byte[] rgb) {
        if (width < 1 || height < 1) {
            throw new InvalidImageException("image size must be positive, got " + width + "x" + height);
        }
        long expected = (long) width * height * 3;
        if (rgb == null || rgb.length != expected) {
            throw new InvalidImageException("RGB buffer for " + width + "x" + height + " must have " + expected
                    + " bytes, got " + (rgb == null ? "null" : rgb.length));
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /**
     * Builds an image from a raw camera buffer. GRAY8 is replicated to RGB; RGB8 is wrapped without a
     * copy.
     *
     * @throws InvalidImageException when the size is not positive or the buffer length is not
     *                               width*height*bytesPerPixel
     */
    public static RgbImage fromRaw(PixelFormat format, int width, int height, byte[] data) {
        if (format == null) {
            throw new InvalidImageException("raw pixel format is missing");
        }
        if (width < 1 || height < 1) {
            throw new InvalidImageException("raw image size must be positive, got " + width + "x" + height);
        }
        long expected = (long) width * height * format.bytesPerPixel();
        if (expected > Integer.MAX_VALUE - 8) {
            throw new InvalidImageException("raw image " + width + "x" + height + " is too large for one buffer");
        }
        if (data == null || data.length != expected) {
            throw new InvalidImageException("raw " + format + " buffer for " + width + "x" + height + " must have "
                    + expected + " bytes, got " + (data == null ? "none" : data.length));
        }
        if (format == PixelFormat.RGB8) {
            return new RgbImage(width, height, data);
        }
        byte[] rgb = new byte[data.length * 3];
        for (int i = 0, o = 0; i < data.length; i++, o += 3) {
            byte g = data[i];
            rgb[o] = g;
            rgb[o + 1] = g;
            rgb[o + 2] = g;
        }
        return new RgbImage(width, height, rgb);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The interleaved pixel bytes (shared, not copied). */
    public byte[] rgb() {
        return rgb;
    }

    /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y) as 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
