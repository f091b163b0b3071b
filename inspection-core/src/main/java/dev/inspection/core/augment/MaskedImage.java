package dev.inspection.core.augment;

import dev.inspection.core.image.RgbImage;

/** An RGB image with a pixel-aligned binary mask ({@code width*height} bytes, 0 or 1). */
public record MaskedImage(RgbImage image, byte[] mask) {

    public MaskedImage {
        if (image == null || mask == null) {
            throw new IllegalArgumentException("masked image needs both pixels and a mask");
        }
        if (mask.length != image.width() * image.height()) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, image is " + image.width() + "x"
                    + image.height());
        }
    }

    public int maskedPixels() {
        int n = 0;
        for (byte b : mask) {
            n += b != 0 ? 1 : 0;
        }
        return n;
    }
}
