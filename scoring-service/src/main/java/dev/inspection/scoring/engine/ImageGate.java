package dev.inspection.scoring.engine;

import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.RawImage;
import dev.inspection.api.common.v1.RawPixelFormat;
import dev.inspection.core.image.DecodeLimits;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.ImageTooLargeException;
import dev.inspection.core.image.InvalidImageException;
import dev.inspection.core.image.PixelFormat;
import dev.inspection.core.image.RgbImage;

/**
 * Cheap checks of an incoming image before any feature work is spent on it: a payload is present,
 * the header parses, and the pixel count is within the limit (read from the header, nothing decoded).
 * Also decodes images for the overlay, which needs the pixels locally.
 */
public final class ImageGate {

    private final ImageDecoder decoder;

    public ImageGate(long maxPixels) {
        this.decoder = new ImageDecoder(new DecodeLimits(maxPixels, DecodeLimits.DEFAULT_MIN_SIDE));
    }

    /**
     * @param field how the request names the image in error messages ("image", "images[3]")
     * @throws ScoringException INVALID_ARGUMENT for a missing or broken image, RESOURCE_EXHAUSTED over the pixel limit
     */
    public void check(Image image, String field) {
        String name = label(image, field);
        try {
            switch (image.getPayloadCase()) {
                case ENCODED -> {
                    if (image.getEncoded().isEmpty()) {
                        throw ScoringException.invalidArgument(name + ": encoded image is empty");
                    }
                    decoder.inspect(image.getEncoded().toByteArray(), name);
                }
                case RAW -> checkRaw(image.getRaw(), name);
                default -> throw ScoringException.invalidArgument(name + " is missing (set encoded or raw)");
            }
        } catch (ImageTooLargeException e) {
            throw ScoringException.resourceExhausted(e.getMessage());
        } catch (InvalidImageException e) {
            throw ScoringException.invalidArgument(e.getMessage());
        }
    }

    private void checkRaw(RawImage raw, String name) {
        PixelFormat format = pixelFormat(raw.getFormat(), name);
        long pixels = Integer.toUnsignedLong(raw.getWidth()) * Integer.toUnsignedLong(raw.getHeight());
        if (pixels > decoder.limits().maxPixels()) {
            throw ScoringException.resourceExhausted(name + ": raw image " + Integer.toUnsignedString(raw.getWidth())
                    + "x" + Integer.toUnsignedString(raw.getHeight()) + " = " + pixels
                    + " pixels, more than the limit of " + decoder.limits().maxPixels());
        }
        if (raw.getWidth() < 1 || raw.getHeight() < 1) {
            throw ScoringException.invalidArgument(name + ": raw image size must be positive, got "
                    + raw.getWidth() + "x" + raw.getHeight());
        }
        long expected = pixels * format.bytesPerPixel();
        if (raw.getPixels().size() != expected) {
            throw ScoringException.invalidArgument(name + ": raw " + format + " buffer for " + raw.getWidth() + "x"
                    + raw.getHeight() + " must have " + expected + " bytes, got " + raw.getPixels().size());
        }
    }

    /** Decodes an already checked image to RGB (for the overlay). */
    public RgbImage decode(Image image, String field) {
        String name = label(image, field);
        try {
            if (image.getPayloadCase() == Image.PayloadCase.RAW) {
                RawImage raw = image.getRaw();
                return RgbImage.fromRaw(pixelFormat(raw.getFormat(), name), raw.getWidth(), raw.getHeight(),
                        raw.getPixels().toByteArray());
            }
            return decoder.decode(image.getEncoded().toByteArray(), name);
        } catch (ImageTooLargeException e) {
            throw ScoringException.resourceExhausted(e.getMessage());
        } catch (InvalidImageException e) {
            throw ScoringException.invalidArgument(e.getMessage());
        }
    }

    private static PixelFormat pixelFormat(RawPixelFormat format, String name) {
        return switch (format) {
            case RGB8 -> PixelFormat.RGB8;
            case GRAY8 -> PixelFormat.GRAY8;
            default -> throw ScoringException.invalidArgument(name + ": raw.format must be RGB8 or GRAY8, got " + format);
        };
    }

    private static String label(Image image, String field) {
        return image.getName().isEmpty() ? field : field + " '" + image.getName() + "'";
    }
}
