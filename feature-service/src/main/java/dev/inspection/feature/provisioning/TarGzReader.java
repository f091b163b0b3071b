package dev.inspection.feature.provisioning;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads regular files out of a gzip-compressed tar (ustar, with pax {@code path} and GNU long-name
 * extensions), as npm tarballs are. Only entries the caller wants are kept in memory; the rest is
 * skipped while streaming.
 */
final class TarGzReader {

    private static final int BLOCK = 512;

    private TarGzReader() {
    }

    /** Returns {@code path -> content} of the regular files whose path {@code wanted} accepts. */
    static Map<String, byte[]> readFiles(InputStream gzipped, Predicate<String> wanted) throws IOException {
        InputStream in = new BufferedInputStream(new GZIPInputStream(gzipped, 1 << 16), 1 << 16);
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] header = new byte[BLOCK];
        String pendingLongName = null;
        while (true) {
            if (!readFully(in, header, true)) {
                break; // end of stream without the two zero blocks: tolerated, as GNU tar does
            }
            if (isAllZero(header)) {
                break;
            }
            verifyChecksum(header);
            String name = pendingLongName != null ? pendingLongName : headerName(header);
            pendingLongName = null;
            long size = parseSize(header, name);
            byte type = header[156];
            switch (type) {
                case 'L': // GNU long name: the data is the name of the next entry
                    pendingLongName = trimNul(new String(readData(in, size, name), StandardCharsets.UTF_8));
                    break;
                case 'x': // pax extended header: may override the next entry's path
                    pendingLongName = paxPath(readData(in, size, name));
                    break;
                case '0':
                case 0:
                    if (wanted.test(name)) {
                        files.put(name, readData(in, size, name));
                    } else {
                        skipData(in, size, name);
                    }
                    break;
                default: // directories, links, global pax headers: nothing we extract
                    skipData(in, size, name);
            }
        }
        return files;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static long parseSize(byte[] h, String name) throws IOException {
        if ((h[124] & 0x80) != 0) { // GNU base-256 encoding for sizes >= 8 GiB
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        long v = parseOctal(h, 124, 12);
        if (v < 0) {
            throw new IOException("tar entry '" + name + "' has an invalid size field");
        }
        return v;
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = parseOctal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (stored != sum) {
            throw new IOException("corrupt tar header (checksum " + stored + " != computed " + sum + ")");
        }
    }

    /** Octal number, NUL/space padded; -1 if malformed. */
    private static long parseOctal(byte[] h, int off, int len) {
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                return -1;
            }
            v = v * 8 + (b - '0');
            any = true;
        }
        return v;
    }

    private static String paxPath(byte[] data) {
        // records "<len> <key>=<value>\n"
        String s = new String(data, StandardCharsets.UTF_8);
        String path = null;
        for (String record : s.split("\n")) {
            int sp = record.indexOf(' ');
            int eq = record.indexOf('=');
            if (sp > 0 && eq > sp && record.substring(sp + 1, eq).equals("path")) {
                path = record.substring(eq + 1);
            }
        }
        return path;
    }

    private static byte[] readData(InputStream in, long size, String name) throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("tar entry '" + name + "' is too large to hold in memory: " + size + " bytes");
        }
        byte[] data = new byte[(int) size];
        if (!readFully(in, data, false)) {
            throw new EOFException("tar entry '" + name + "' is truncated");
        }
        skipExactly(in, padding(size), name);
        return data;
    }

    private static void skipData(InputStream in, long size, String name) throws IOException {
        skipExactly(in, size + padding(size), name);
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void skipExactly(InputStream in, long n, String name) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar entry '" + name + "' is truncated");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** Fills {@code buf}; returns false on a clean end of stream before the first byte (if allowed). */
    private static boolean readFully(InputStream in, byte[] buf, boolean eofAllowedAtStart) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                if (off == 0 && eofAllowedAtStart) {
                    return false;
                }
                throw new EOFException("tar stream ends inside a block");
            }
            off += n;
        }
        return true;
    }

    private static boolean isAllZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int i = s.indexOf('\0');
        return i >= 0 ? s.substring(0, i) : s;
    }
}
