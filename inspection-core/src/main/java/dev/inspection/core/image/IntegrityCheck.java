package dev.inspection.core.image;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Structural checks on the encoded bytes that catch truncated or corrupt files which javax.imageio
 * would otherwise decode partially (a truncated JPEG, for example, decodes to a half-gray image with
 * only a warning).
 */
final class IntegrityCheck {

    private IntegrityCheck() {
    }

    static void check(ImageInfo info, byte[] data, String name) {
        switch (info.format()) {
            case PNG -> checkPng(data, name);
            case JPEG -> checkJpeg(data, name);
            case BMP -> checkBmp(info, data, name);
            default -> throw new IllegalStateException("no integrity check for " + info.format());
        }
    }

    /** Walks all chunks up to IEND, verifying each length and CRC; requires at least one IDAT. */
    static void checkPng(byte[] d, String name) {
        int pos = 8;
        boolean sawImageData = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (pos + 12 > d.length) {
                throw new InvalidImageException(InvalidImageException.describe(name,
                        "PNG is truncated: data ends at byte " + d.length + " before the IEND chunk"));
            }
            long length = ImageHeaderReader.be32(d, pos) & 0xffffffffL;
            if (length > d.length - pos - 12L) {
                throw new InvalidImageException(InvalidImageException.describe(name,
                        "PNG is truncated: chunk at byte " + pos + " declares " + length + " bytes, only "
                                + Math.max(0, d.length - pos - 12) + " remain"));
            }
            int dataLength = (int) length;
            crc.reset();
            crc.update(d, pos + 4, 4 + dataLength);
            int storedCrc = ImageHeaderReader.be32(d, pos + 8 + dataLength);
            String type = new String(d, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if ((int) crc.getValue() != storedCrc) {
                throw new InvalidImageException(InvalidImageException.describe(name,
                        "PNG is corrupt: CRC mismatch in " + type + " chunk at byte " + pos));
            }
            if (type.equals("IDAT")) {
                sawImageData = true;
            } else if (type.equals("IEND")) {
                if (!sawImageData) {
                    throw new InvalidImageException(InvalidImageException.describe(name, "PNG has no IDAT (image data) chunk"));
                }
                return;
            }
            pos += 12 + dataLength;
        }
    }

    /**
     * Requires an EOI marker after the first SOS marker. Inside entropy-coded data every 0xFF byte is
     * followed by 0x00 or a restart marker, so an FF D9 pair there can only be the real EOI.
     */
    static void checkJpeg(byte[] d, String name) {
        int scanStart = findFirstScan(d);
        if (scanStart < 0) {
            throw new InvalidImageException(InvalidImageException.describe(name,
                    "JPEG is truncated: no scan (SOS) found"));
        }
        for (int i = d.length - 2; i > scanStart; i--) {
            if ((d[i] & 0xff) == 0xff && (d[i + 1] & 0xff) == 0xd9) {
                return;
            }
        }
        throw new InvalidImageException(InvalidImageException.describe(name,
                "JPEG is truncated: no end-of-image marker (EOI) after the scan data"));
    }

    private static int findFirstScan(byte[] d) {
        int pos = 2;
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xff) != 0xff) {
                return -1;
            }
            int marker = d[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                pos += 2;
                continue;
            }
            if (marker == 0xda) {
                return pos;
            }
            pos += 2 + ImageHeaderReader.be16(d, pos + 2);
        }
        return -1;
    }

    /** For uncompressed BMPs the pixel array size is known: the file must hold all of it. */
    static void checkBmp(ImageInfo info, byte[] d, String name) {
        int dibSize = ImageHeaderReader.le32(d, 14);
        int compression = dibSize >= 40 ? ImageHeaderReader.le32(d, 30) : 0;
        boolean uncompressed = compression == 0 || compression == 3 || compression == 6;
        if (!uncompressed) {
            return; // RLE: the decoder reports short data itself
        }
        long pixelOffset = ImageHeaderReader.le32(d, 10) & 0xffffffffL;
        long rowBytes = (((long) info.bitDepth() * info.width() + 31) / 32) * 4;
        long needed = pixelOffset + rowBytes * info.height();
        if (needed > d.length) {
            throw new InvalidImageException(InvalidImageException.describe(name,
                    "BMP is truncated: pixel data needs " + needed + " bytes, file has " + d.length));
        }
    }
}
