package dev.inspection.core.image;

/**
 * The image header announces more pixels than {@link DecodeLimits#maxPixels()} allows. Thrown before
 * any pixel is decoded (decompression-bomb guard). A separate type so services can map it to
 * {@code RESOURCE_EXHAUSTED} rather than {@code INVALID_ARGUMENT}.
 */
public class ImageTooLargeException extends RuntimeException {

    private final long pixels;
    private final long maxPixels;

    public ImageTooLargeException(String message, long pixels, long maxPixels) {
        super(message);
        this.pixels = pixels;
        this.maxPixels = maxPixels;
    }

    /** Width times height announced by the header. */
    public long pixels() {
        return pixels;
    }

    /** The limit that was exceeded. */
    public long maxPixels() {
        return maxPixels;
    }
}
