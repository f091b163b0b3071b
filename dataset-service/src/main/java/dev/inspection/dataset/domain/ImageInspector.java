package dev.inspection.dataset.domain;

/**
 * Decodes images completely to validate them. Kept narrow so that the javax.imageio implementation
 * can be swapped for the suite's shared decoder without touching callers.
 */
public interface ImageInspector {

    /**
     * Fully decodes {@code encoded} (PNG, JPEG or BMP) and reports its size, channels and format.
     *
     * @param name how the image is named in error messages (file or upload name)
     * @throws InvalidInputException when the bytes are empty, corrupt, truncated or unsupported
     *         (16-bit, CMYK)
     * @throws LimitExceededException when the bytes or the header's pixel count exceed the limits
     */
    ImageFacts inspect(byte[] encoded, String name);

    /**
     * Decodes a mask PNG, checks that it is exactly {@code width} x {@code height} and returns it as
     * an 8-bit single-channel PNG: the input itself when it already is one, otherwise a re-encoded
     * copy where every non-zero pixel becomes 255.
     *
     * @param name the mask's name in error messages
     * @throws InvalidInputException when the mask is not a decodable PNG or its size differs
     */
    byte[] normalizeMask(byte[] png, String name, int width, int height);
}
