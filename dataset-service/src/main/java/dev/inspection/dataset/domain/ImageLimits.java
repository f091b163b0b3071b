package dev.inspection.dataset.domain;

/**
 * Size limits applied to every image before and while decoding.
 *
 * @param maxImageBytes largest accepted encoded size
 * @param maxPixels largest accepted width * height, checked from the header before decoding
 */
public record ImageLimits(long maxImageBytes, long maxPixels) {
    public ImageLimits {
        if (maxImageBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive, got bytes=" + maxImageBytes
                    + " pixels=" + maxPixels);
        }
    }
}
