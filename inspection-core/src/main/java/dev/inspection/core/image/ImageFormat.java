package dev.inspection.core.image;

/** Encoded image formats recognised by their magic bytes. Only PNG, JPEG and BMP are decodable. */
public enum ImageFormat {
    PNG(true),
    JPEG(true),
    BMP(true),
    GIF(false),
    TIFF(false),
    WEBP(false);

    private final boolean supported;

    ImageFormat(boolean supported) {
        this.supported = supported;
    }

    /** Whether {@link ImageDecoder} decodes this format. */
    public boolean supported() {
        return supported;
    }

    /**
     * Identifies the format from the leading bytes, or returns null when no known signature matches.
     */
    public static ImageFormat sniff(byte[] data) {
        if (startsWith(data, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return PNG;
        }
        if (startsWith(data, 0xff, 0xd8, 0xff)) {
            return JPEG;
        }
        if (startsWith(data, 'B', 'M')) {
            return BMP;
        }
        if (startsWith(data, 'G', 'I', 'F', '8')) {
            return GIF;
        }
        if (startsWith(data, 'I', 'I', 42, 0) || startsWith(data, 'M', 'M', 0, 42)) {
            return TIFF;
        }
        if (data.length >= 12 && startsWith(data, 'R', 'I', 'F', 'F')
                && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return WEBP;
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int... signature) {
        if (data.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
