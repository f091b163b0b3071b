package dev.inspection.training.bgad;

import dev.inspection.core.image.RgbImage;

/**
 * A labelled anomalous image: decoded pixels, its binary defect mask at the image's resolution
 * ({@code width*height} bytes, non-zero = defect), the defect type and the dataset's image id.
 */
public record KnownAnomaly(String imageId, String defectType, RgbImage image, byte[] mask) {

    public KnownAnomaly {
        if (imageId == null || imageId.isBlank()) {
            throw new IllegalArgumentException("known anomaly without an image id");
        }
        if (image == null) {
            throw new IllegalArgumentException("known anomaly " + imageId + " has no image");
        }
        if (mask == null) {
            throw new IllegalArgumentException("known anomaly " + imageId + " has no defect mask; BGAD needs a mask for "
                    + "every labelled anomaly");
        }
        if (mask.length != image.width() * image.height()) {
            throw new IllegalArgumentException("mask of known anomaly " + imageId + " has " + mask.length
                    + " pixels but the image is " + image.width() + "x" + image.height());
        }
        defectType = defectType == null ? "" : defectType;
    }

    /** Whether the mask marks at least one pixel. */
    public boolean hasDefectPixels() {
        for (byte b : mask) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }
}
