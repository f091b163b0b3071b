package dev.inspection.dataset.domain;

/** Encoded image formats the service accepts, recognised by their magic bytes, never by file name. */
public enum EncodedFormat {
    PNG("png", "image/png"),
    JPEG("jpeg", "image/jpeg"),
    BMP("bmp", "image/bmp");

    private final String imageIoName;
    private final String mediaType;

    EncodedFormat(String imageIoName, String mediaType) {
        this.imageIoName = imageIoName;
        this.mediaType = mediaType;
    }

    /** Format name understood by {@code ImageIO.getImageReadersByFormatName}. */
    public String imageIoName() {
        return imageIoName;
    }

    /** HTTP content type of files in this format. */
    public String mediaType() {
        return mediaType;
    }

    /** The format whose signature starts {@code bytes}, or null when none matches. */
    public static EncodedFormat sniff(byte[] bytes) {
        if (bytes.length >= 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
                && bytes[4] == 0x0D && bytes[5] == 0x0A && bytes[6] == 0x1A && bytes[7] == 0x0A) {
            return PNG;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (bytes.length >= 2 && bytes[0] == 'B' && bytes[1] == 'M') {
            return BMP;
        }
        return null;
    }
}
