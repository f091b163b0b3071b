package dev.inspection.dataset.domain;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Turns an uploaded raw 8-bit pixel buffer into a PNG file, so that every stored image is an
 * encoded, content-addressed file (PNG is lossless: the pixels survive exactly).
 */
public final class RawImageEncoder {
    private final ImageLimits limits;

    public RawImageEncoder(ImageLimits limits) {
        this.limits = limits;
    }

    /**
     * @param channels 1 (GRAY8) or 3 (RGB8, interleaved R, G, B)
     * @param name how the image is named in error messages
     */
    public byte[] toPng(int width, int height, int channels, byte[] pixels, String name) {
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException(name + ": raw pixel format must be RGB8 or GRAY8");
        }
        if (width < 1 || height < 1) {
            throw new InvalidInputException(name + ": raw image size must be at least 1x1, got " + width + "x" + height);
        }
        long pixelCount = (long) width * height;
        if (pixelCount > limits.maxPixels()) {
            throw new LimitExceededException(name + ": " + width + "x" + height + " pixels exceed the limit of "
                    + limits.maxPixels() + " pixels per image");
        }
        if (pixels.length != pixelCount * channels) {
            throw new InvalidInputException(name + ": raw buffer has " + pixels.length + " bytes, expected "
                    + width + "*" + height + "*" + channels + " = " + pixelCount * channels);
        }
        BufferedImage image = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (channels == 1) {
            System.arraycopy(pixels, 0, target, 0, pixels.length);
        } else {
            // TYPE_3BYTE_BGR stores B, G, R: swap while copying
            for (int i = 0; i < pixels.length; i += 3) {
                target[i] = pixels[i + 2];
                target[i + 1] = pixels[i + 1];
                target[i + 2] = pixels[i];
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a PNG in memory failed", e);
        }
        return png.toByteArray();
    }
}
