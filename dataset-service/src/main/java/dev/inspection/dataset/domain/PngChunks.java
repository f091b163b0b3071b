package dev.inspection.dataset.domain;

import java.util.zip.CRC32;

/**
 * Walks the chunk structure of a PNG file. javax.imageio may decode a PNG whose image data stops
 * early into a partly black picture; requiring every chunk to be complete, its CRC to match and an
 * IEND chunk to be present rejects truncated and bit-flipped files before decoding.
 */
final class PngChunks {
    private static final int SIGNATURE_LENGTH = 8;
    private static final int IEND = ('I' << 24) | ('E' << 16) | ('N' << 8) | 'D';

    private PngChunks() {
    }

    /** @throws InvalidInputException naming {@code name} when the chunk structure is broken */
    static void requireComplete(byte[] png, String name) {
        CRC32 crc = new CRC32();
        int pos = SIGNATURE_LENGTH;
        while (true) {
            if (pos + 8 > png.length) {
                throw new InvalidInputException(name + ": truncated PNG (ends after " + png.length
                        + " bytes without an IEND chunk)");
            }
            long length = readUint32(png, pos);
            int type = (int) readUint32(png, pos + 4);
            long end = pos + 8L + length + 4L;
            if (end > png.length) {
                throw new InvalidInputException(name + ": truncated PNG (chunk at byte " + pos + " needs "
                        + length + " data bytes, file ends at " + png.length + ")");
            }
            crc.reset();
            crc.update(png, pos + 4, (int) length + 4);
            if (crc.getValue() != readUint32(png, pos + 8 + (int) length)) {
                throw new InvalidInputException(name + ": corrupt PNG (CRC mismatch in chunk at byte " + pos + ")");
            }
            if (type == IEND) {
                return;
            }
            pos = (int) end;
        }
    }

    private static long readUint32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
