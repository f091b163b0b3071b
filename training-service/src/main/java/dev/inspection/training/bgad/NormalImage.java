package dev.inspection.training.bgad;

import dev.inspection.core.image.RgbImage;

/** A defect-free training image with its dataset id. */
public record NormalImage(String imageId, RgbImage image) {

    public NormalImage {
        if (image == null) {
            throw new IllegalArgumentException("normal image " + imageId + " has no pixels");
        }
    }
}
