package dev.inspection.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Decoding of generated PNG/JPEG/BMP images and rejection of bad input. */
class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /** Deterministic RGB pattern in a TYPE_3BYTE_BGR image; returns the image, pixels in {@code rgbOut}. */
    private static BufferedImage rgbPattern(int width, int height, byte[] rgbOut) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 7 + y * 3) & 0xff;
                int g = (x * y + 11) & 0xff;
                int b = (255 - x * 5) & 0xff;
                image.getRaster().setPixel(x, y, new int[] {r, g, b});
                int p = (y * width + x) * 3;
                rgbOut[p] = (byte) r;
                rgbOut[p + 1] = (byte) g;
                rgbOut[p + 2] = (byte) b;
            }
        }
        return image;
    }

    private static InvalidImageException assertInvalid(byte[] data, String messageFragment) {
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> new ImageDecoder().decode(data, "cam-7/frame.bin"));
        assertTrue(e.getMessage().contains("cam-7/frame.bin"), "message names the image: " + e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains(messageFragment.toLowerCase()),
                "expected '" + messageFragment + "' in: " + e.getMessage());
        return e;
    }

    @Test
    void decodesRgbPngLosslessly() throws IOException {
        byte[] expected = new byte[40 * 30 * 3];
        byte[] png = encode(rgbPattern(40, 30, expected), "png");
        RgbImage image = decoder.decode(png);
        assertEquals(40, image.width());
        assertEquals(30, image.height());
        assertArrayEquals(expected, image.rgb());
        ImageInfo info = decoder.inspect(png, null);
        assertEquals(new ImageInfo(ImageFormat.PNG, 40, 30, 3, 8, false), info);
    }

    @Test
    void decodesBmpLosslessly() throws IOException {
        byte[] expected = new byte[21 * 13 * 3];
        byte[] bmp = encode(rgbPattern(21, 13, expected), "bmp");
        assertArrayEquals(expected, decoder.decode(bmp).rgb());
        assertEquals(ImageFormat.BMP, decoder.inspect(bmp, null).format());
    }

    @Test
    void grayPngIsReplicatedWithoutGammaConversion() throws IOException {
        BufferedImage gray = new BufferedImage(16, 9, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 16 * 9; i++) {
            gray.getRaster().setSample(i % 16, i / 16, 0, i);
        }
        RgbImage image = decoder.decode(encode(gray, "png"));
        for (int i = 0; i < 16 * 9; i++) {
            assertEquals(i, image.rgb()[i * 3] & 0xff, "pixel " + i);
            assertEquals(i, image.rgb()[i * 3 + 1] & 0xff);
            assertEquals(i, image.rgb()[i * 3 + 2] & 0xff);
        }
    }

    @Test
    void alphaIsDroppedNotComposited() throws IOException {
        BufferedImage argb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                int alpha = x * 25; // 0 .. 225, including fully transparent
                argb.setRGB(x, y, (alpha << 24) | (200 << 16) | (100 + y << 8) | 50);
            }
        }
        RgbImage image = decoder.decode(encode(argb, "png"));
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                assertEquals(200, image.sample(x, y, 0));
                assertEquals(100 + y, image.sample(x, y, 1));
                assertEquals(50, image.sample(x, y, 2));
            }
        }
    }

    @Test
    void palettePngIsExpanded() throws IOException {
        byte[] reds = {0, (byte) 255, 10};
        byte[] greens = {0, 0, 20};
        byte[] blues = {0, 0, 30};
        BufferedImage indexed = new BufferedImage(12, 8, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 3, reds, greens, blues));
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 12; x++) {
                indexed.getRaster().setSample(x, y, 0, (x + y) % 3);
            }
        }
        RgbImage image = decoder.decode(encode(indexed, "png"));
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 12; x++) {
                int index = (x + y) % 3;
                assertEquals(reds[index] & 0xff, image.sample(x, y, 0));
                assertEquals(greens[index] & 0xff, image.sample(x, y, 1));
                assertEquals(blues[index] & 0xff, image.sample(x, y, 2));
            }
        }
    }

    @Test
    void jpegDecodesLikePillow() throws IOException {
        byte[] jpeg;
        String reference;
        try (InputStream in = getClass().getResourceAsStream("/image/pattern_q90.jpg");
             InputStream ref = getClass().getResourceAsStream("/image/pillow_jpeg_reference.txt")) {
            jpeg = in.readAllBytes();
            reference = new String(ref.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        String[] fields = reference.split(" ");
        byte[] expected = HexFormat.of().parseHex(fields[2]);
        RgbImage image = decoder.decode(jpeg, "pattern_q90.jpg");
        assertEquals(Integer.parseInt(fields[0]), image.width());
        assertEquals(Integer.parseInt(fields[1]), image.height());
        int maxDiff = 0;
        long differing = 0;
        for (int i = 0; i < expected.length; i++) {
            int diff = Math.abs((expected[i] & 0xff) - (image.rgb()[i] & 0xff));
            maxDiff = Math.max(maxDiff, diff);
            differing += diff == 0 ? 0 : 1;
        }
        System.out.printf("JPEG vs Pillow 9.4.0 (libjpeg-turbo): max diff %d levels, %d of %d samples differ%n",
                maxDiff, differing, expected.length);
        // IJG libjpeg and libjpeg-turbo share the integer IDCT and colour conversion; the chroma
        // upsampling may round differently by a level.
        assertTrue(maxDiff <= 2, "JPEG decode differs from Pillow by " + maxDiff + " levels");
    }

    @Test
    void grayJpegHasEqualChannels() throws IOException {
        BufferedImage gray = new BufferedImage(32, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 32 * 16; i++) {
            gray.getRaster().setSample(i % 32, i / 32, 0, (i * 3) & 0xff);
        }
        byte[] jpeg = encode(gray, "jpeg");
        assertEquals(1, decoder.inspect(jpeg, null).channels());
        RgbImage image = decoder.decode(jpeg);
        for (int i = 0; i < 32 * 16; i++) {
            assertEquals(image.rgb()[i * 3], image.rgb()[i * 3 + 1]);
            assertEquals(image.rgb()[i * 3], image.rgb()[i * 3 + 2]);
        }
    }

    @Test
    void rejectsEmptyAndUnknownData() {
        assertInvalid(new byte[0], "empty");
        assertInvalid("hello, not an image".getBytes(StandardCharsets.US_ASCII), "unrecognised");
    }

    @Test
    void rejectsUnsupportedFormats() throws IOException {
        byte[] rgb = new byte[16 * 16 * 3];
        assertInvalid(encode(rgbPattern(16, 16, rgb), "gif"), "GIF");
        assertInvalid(encode(rgbPattern(16, 16, rgb), "tiff"), "TIFF");
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        assertInvalid(webp, "WEBP");
    }

    @Test
    void rejectsImagesBelowTheMinimumSize() throws IOException {
        byte[] rgb = new byte[3];
        assertInvalid(encode(rgbPattern(1, 1, rgb), "png"), "smaller than the minimum");
        byte[] small = new byte[7 * 20 * 3];
        assertInvalid(encode(rgbPattern(7, 20, small), "png"), "smaller than the minimum 8x8");
        RgbImage accepted = new ImageDecoder(new DecodeLimits(1000, 2)).decode(encode(rgbPattern(7, 20, small), "png"));
        assertEquals(7, accepted.width());
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(1000, 1));
    }

    @Test
    void rejectsTruncatedPng() throws IOException {
        byte[] png = encode(rgbPattern(64, 64, new byte[64 * 64 * 3]), "png");
        assertInvalid(Arrays.copyOf(png, png.length / 2), "truncated");
        assertInvalid(Arrays.copyOf(png, png.length - 12), "truncated"); // IEND cut off
        assertInvalid(Arrays.copyOf(png, 20), "truncated"); // inside the IHDR
    }

    @Test
    void rejectsCorruptPngData() throws IOException {
        byte[] png = encode(rgbPattern(64, 64, new byte[64 * 64 * 3]), "png");
        byte[] corrupt = png.clone();
        corrupt[png.length / 2] ^= 0x55;
        assertInvalid(corrupt, "CRC");
    }

    @Test
    void rejectsTruncatedJpeg() throws IOException {
        byte[] jpeg = encode(rgbPattern(64, 64, new byte[64 * 64 * 3]), "jpeg");
        assertInvalid(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), "truncated");
        // Cut mid-scan but re-terminated with EOI: only the decoder notices the missing data.
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3 + 2);
        cut[cut.length - 2] = (byte) 0xff;
        cut[cut.length - 1] = (byte) 0xd9;
        assertInvalid(cut, "truncated or corrupt");
    }

    @Test
    void rejectsTruncatedBmp() throws IOException {
        byte[] bmp = encode(rgbPattern(32, 32, new byte[32 * 32 * 3]), "bmp");
        assertInvalid(Arrays.copyOf(bmp, bmp.length - 100), "truncated");
    }

    @Test
    void rejectsSixteenBitPngFromTheHeader() throws IOException {
        BufferedImage deep = new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY);
        byte[] png = encode(deep, "png");
        assertEquals(16, ImageHeaderReader.read(Arrays.copyOf(png, 33), null).bitDepth());
        assertInvalid(png, "16-bit");
    }

    @Test
    void rejectsCmykAndYcckJpegFromTheHeader() {
        assertInvalid(jpegHeader(4, false), "CMYK");
        assertInvalid(jpegHeader(4, true), "CMYK");
        ImageInfo info = ImageHeaderReader.read(jpegHeader(4, true), null);
        assertTrue(info.cmyk());
        assertEquals(4, info.channels());
    }

    /** SOI, optional Adobe APP14 (transform 2 = YCCK), SOF0 of 640x480 with the given components. */
    private static byte[] jpegHeader(int components, boolean adobeYcck) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8});
        if (adobeYcck) {
            out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2});
        }
        int length = 8 + 3 * components;
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc0, 0, (byte) length, 8, 1, (byte) 0xe0, 2, (byte) 0x80,
                (byte) components});
        for (int c = 0; c < components; c++) {
            out.writeBytes(new byte[] {(byte) (c + 1), 0x11, 0});
        }
        return out.toByteArray();
    }

    /** Signature + IHDR only: enough for the header check, no pixel data at all. */
    private static byte[] pngHeader(int width, int height) {
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

    @Test
    void decompressionBombIsRejectedFromTheHeaderAlone() {
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> decoder.decode(pngHeader(100_000, 100_000), "bomb.png"));
        assertEquals(10_000_000_000L, e.pixels());
        assertEquals(DecodeLimits.DEFAULT_MAX_PIXELS, e.maxPixels());
        assertTrue(e.getMessage().contains("bomb.png"));
        // A configured limit applies to real images too.
        assertThrows(ImageTooLargeException.class, () -> new ImageDecoder(new DecodeLimits(1_000, 8))
                .decode(encode(rgbPattern(40, 40, new byte[40 * 40 * 3]), "png")));
        // Truncated after the header: size is known, integrity fails afterwards.
        assertInvalid(pngHeader(64, 64), "truncated");
    }

    @Test
    void rawBuffersAreValidated() {
        byte[] gray = {1, 2, 3, 4, 5, 6};
        RgbImage image = RgbImage.fromRaw(PixelFormat.GRAY8, 3, 2, gray);
        assertArrayEquals(new byte[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6}, image.rgb());
        byte[] rgb = new byte[3 * 2 * 3];
        assertTrue(RgbImage.fromRaw(PixelFormat.RGB8, 3, 2, rgb).rgb() == rgb, "RGB8 is wrapped without a copy");
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> RgbImage.fromRaw(PixelFormat.RGB8, 3, 2, new byte[17]));
        assertTrue(e.getMessage().contains("18 bytes, got 17"), e.getMessage());
        assertThrows(InvalidImageException.class, () -> RgbImage.fromRaw(PixelFormat.GRAY8, 0, 2, new byte[0]));
    }
}
