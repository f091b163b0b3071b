package dev.inspection.core.image;

/**
 * Reads width, height, channels and bit depth from PNG (IHDR), JPEG (SOFn, Adobe APP14) and BMP
 * (BITMAPINFOHEADER / BITMAPCOREHEADER) headers without decoding any pixel, so that size limits are
 * enforced before a decoder allocates anything.
 */
public final class ImageHeaderReader {

    private ImageHeaderReader() {
    }

    /**
     * Parses the header of {@code data}.
     *
     * @throws InvalidImageException for empty or unrecognised data, unsupported formats, or a
     *                               header that is truncated or malformed
     */
    public static ImageInfo read(byte[] data, String imageName) {
        if (data == null || data.length == 0) {
            throw new InvalidImageException(InvalidImageException.describe(imageName, "image data is empty (0 bytes)"));
        }
        ImageFormat format = ImageFormat.sniff(data);
        if (format == null) {
            throw new InvalidImageException(InvalidImageException.describe(imageName,
                    "unrecognised image format (first bytes " + hexPrefix(data) + "); expected PNG, JPEG or BMP"));
        }
        if (!format.supported()) {
            throw new InvalidImageException(InvalidImageException.describe(imageName,
                    format + " images are not supported; send PNG, JPEG or BMP"));
        }
        try {
            return switch (format) {
                case PNG -> readPng(data, imageName);
                case JPEG -> readJpeg(data, imageName);
                case BMP -> readBmp(data, imageName);
                default -> throw new IllegalStateException("unsupported format passed the check: " + format);
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new InvalidImageException(InvalidImageException.describe(imageName,
                    format + " header is truncated (" + data.length + " bytes)"), e);
        }
    }

    private static ImageInfo readPng(byte[] d, String name) {
        // Signature (8) + IHDR length (4) + "IHDR" (4) + 13 data bytes.
        if (d.length < 8 + 8 + 13) {
            throw new InvalidImageException(InvalidImageException.describe(name,
                    "PNG header is truncated (" + d.length + " bytes)"));
        }
        if (be32(d, 8) != 13 || d[12] != 'I' || d[13] != 'H' || d[14] != 'D' || d[15] != 'R') {
            throw new InvalidImageException(InvalidImageException.describe(name, "PNG does not start with an IHDR chunk"));
        }
        int width = be32(d, 16);
        int height = be32(d, 20);
        int bitDepth = d[24] & 0xff;
        int colorType = d[25] & 0xff;
        int channels = switch (colorType) {
            case 0 -> 1;
            case 2, 3 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new InvalidImageException(InvalidImageException.describe(name,
                    "PNG has invalid colour type " + colorType));
        };
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(InvalidImageException.describe(name,
                    "PNG header has invalid size " + Integer.toUnsignedString(width) + "x" + Integer.toUnsignedString(height)));
        }
        return new ImageInfo(ImageFormat.PNG, width, height, channels, bitDepth, false);
    }

    private static ImageInfo readJpeg(byte[] d, String name) {
        int pos = 2;
        boolean adobeYcck = false;
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xff) != 0xff) {
                throw new InvalidImageException(InvalidImageException.describe(name,
                        "JPEG header is corrupt: expected a marker at byte " + pos));
            }
            int marker = d[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                pos += 2; // standalone marker, no length
                continue;
            }
            if (marker == 0xd9 || marker == 0xda) {
                throw new InvalidImageException(InvalidImageException.describe(name,
                        "JPEG has no frame header (SOF) before its scan data"));
            }
            int length = be16(d, pos + 2);
            if (length < 2) {
                throw new InvalidImageException(InvalidImageException.describe(name,
                        "JPEG segment at byte " + pos + " has invalid length " + length));
            }
            int segment = pos + 4;
            if (marker == 0xee && length >= 12 && d[segment] == 'A' && d[segment + 1] == 'd'
                    && d[segment + 2] == 'o' && d[segment + 3] == 'b' && d[segment + 4] == 'e') {
                // Adobe APP14: transform flag 2 means YCCK.
                adobeYcck = (d[segment + 11] & 0xff) == 2;
            }
            if (isStartOfFrame(marker)) {
                int precision = d[segment] & 0xff;
                int height = be16(d, segment + 1);
                int width = be16(d, segment + 3);
                int components = d[segment + 5] & 0xff;
                if (width == 0 || height == 0) {
                    throw new InvalidImageException(InvalidImageException.describe(name,
                            "JPEG frame header has size " + width + "x" + height + " (DNL-defined heights are not supported)"));
                }
                boolean cmyk = components == 4 || adobeYcck;
                return new ImageInfo(ImageFormat.JPEG, width, height, components, precision, cmyk);
            }
            pos += 2 + length;
        }
        throw new InvalidImageException(InvalidImageException.describe(name,
                "JPEG is truncated before its frame header (SOF)"));
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    private static ImageInfo readBmp(byte[] d, String name) {
        if (d.length < 26) {
            throw new InvalidImageException(InvalidImageException.describe(name,
                    "BMP header is truncated (" + d.length + " bytes)"));
        }
        int dibSize = le32(d, 14);
        int width;
        int height;
        int bitsPerPixel;
        if (dibSize == 12) {
            width = le16(d, 18);
            height = le16(d, 20);
            bitsPerPixel = le16(d, 24);
        } else if (dibSize >= 40) {
            width = le32(d, 18);
            height = le32(d, 22);
            bitsPerPixel = le16(d, 28);
        } else {
            throw new InvalidImageException(InvalidImageException.describe(name,
                    "BMP has unknown info header size " + dibSize));
        }
        if (height == Integer.MIN_VALUE || width <= 0 || height == 0) {
            throw new InvalidImageException(InvalidImageException.describe(name,
                    "BMP header has invalid size " + width + "x" + height));
        }
        int channels = bitsPerPixel == 32 ? 4 : 3;
        return new ImageInfo(ImageFormat.BMP, width, Math.abs(height), channels, bitsPerPixel, false);
    }

    static int be32(byte[] d, int p) {
        return ((d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }

    static int be16(byte[] d, int p) {
        return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
    }

    static int le32(byte[] d, int p) {
        return (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8) | ((d[p + 2] & 0xff) << 16) | ((d[p + 3] & 0xff) << 24);
    }

    static int le16(byte[] d, int p) {
        return (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8);
    }

    private static String hexPrefix(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) {
            sb.append(String.format("%02x", data[i] & 0xff));
        }
        return sb.toString();
    }
}
