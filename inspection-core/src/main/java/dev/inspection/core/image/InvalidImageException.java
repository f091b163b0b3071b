package dev.inspection.core.image;

/**
 * The bytes are not an image this product accepts: empty, truncated, corrupt, an unsupported format
 * or pixel layout, too small, or a raw buffer of the wrong length. Services map it to
 * {@code INVALID_ARGUMENT}. The message names the problem and, when known, the image.
 */
public class InvalidImageException extends RuntimeException {

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Prefixes the message with the image name when one is given. */
    static String describe(String imageName, String problem) {
        return imageName == null || imageName.isEmpty() ? problem : "image '" + imageName + "': " + problem;
    }
}
