package dev.inspection.core.image;

/**
 * Limits enforced by {@link ImageDecoder} from the image header, before decoding.
 *
 * @param maxPixels largest accepted width*height; larger images raise {@link ImageTooLargeException}
 * @param minSide   smallest accepted width and height; smaller images raise {@link InvalidImageException}
 */
public record DecodeLimits(long maxPixels, int minSide) {

    /** 40 megapixels: well above industrial cameras, far below what would exhaust the heap. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** The backbone needs a few pixels per stride-16 cell; 1x1 "images" are always rejected. */
    public static final int DEFAULT_MIN_SIDE = 8;

    public static final DecodeLimits DEFAULTS = new DecodeLimits(DEFAULT_MAX_PIXELS, DEFAULT_MIN_SIDE);

    public DecodeLimits {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (minSide < 2) {
            throw new IllegalArgumentException("minSide must be at least 2 (1x1 images are never accepted), got " + minSide);
        }
        if ((long) minSide * minSide > maxPixels) {
            throw new IllegalArgumentException("minSide " + minSide + " squared exceeds maxPixels " + maxPixels);
        }
    }
}
