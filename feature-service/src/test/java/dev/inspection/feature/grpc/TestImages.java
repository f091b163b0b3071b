package dev.inspection.feature.grpc;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/** Real and deliberately broken images for the service tests (made in memory, nothing committed). */
final class TestImages {

    private TestImages() {
    }

    static Path shared() {
        String dir = System.getProperty("inspection.shared.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("../../shared");
        return p.toAbsolutePath().normalize();
    }

    /** The bottle image behind the golden tensors (PROVENANCE.md §9). */
    static Path goldenBottle() {
        return shared().resolve("data/mvtec_ad/bottle/test/broken_large/000.png");
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] onePixelPng() {
        return png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
    }

    static byte[] sixteenBitPng() {
        BufferedImage gray16 = new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                gray16.getRaster().setSample(x, y, 0, x * 1000);
            }
        }
        return png(gray16);
    }

    /** A JPEG header announcing 4 components with an Adobe YCCK transform (CMYK family). */
    static byte[] cmykJpegHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0xff, (byte) 0xd8});
        out.writeBytes(new byte[]{(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2});
        out.writeBytes(new byte[]{(byte) 0xff, (byte) 0xc0, 0, 20, 8, 0, 64, 0, 64, 4});
        for (int c = 0; c < 4; c++) {
            out.writeBytes(new byte[]{(byte) (c + 1), 0x11, 0});
        }
        out.writeBytes(new byte[]{(byte) 0xff, (byte) 0xd9});
        return out.toByteArray();
    }

    /** A PNG whose header announces width x height but that carries no pixels (a decompression bomb's header). */
    static byte[] pngHeaderOnly(int width, int height) {
        byte[] data = new byte[8 + 25];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
        System.arraycopy(signature, 0, data, 0, 8);
        putBe32(data, 8, 13);
        data[12] = 'I';
        data[13] = 'H';
        data[14] = 'D';
        data[15] = 'R';
        putBe32(data, 16, width);
        putBe32(data, 20, height);
        data[24] = 8;
        data[25] = 2;
        CRC32 crc = new CRC32();
        crc.update(data, 12, 17);
        putBe32(data, 29, (int) crc.getValue());
        return data;
    }

    private static void putBe32(byte[] d, int p, int v) {
        d[p] = (byte) (v >>> 24);
        d[p + 1] = (byte) (v >>> 16);
        d[p + 2] = (byte) (v >>> 8);
        d[p + 3] = (byte) v;
    }
}
