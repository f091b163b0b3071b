package dev.inspection.dataset.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.dataset.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageIoInspectorTest {
    private final ImageIoInspector inspector = new ImageIoInspector(new ImageLimits(50L << 20, 40_000_000L));

    @Test
    void decodesAnRgbPngFromBottle() throws IOException {
        byte[] png = Files.readAllBytes(SharedData.bottle().resolve("train/good/000.png"));
        assertEquals(new ImageFacts(448, 448, 3, EncodedFormat.PNG), inspector.inspect(png, "000.png"));
    }

    @Test
    void decodesAGrayJpegFromMagneticTile() throws IOException {
        byte[] jpeg = Files.readAllBytes(firstFile(SharedData.magneticTile().resolve("test/crack")));
        ImageFacts facts = inspector.inspect(jpeg, "crack.jpg");
        assertEquals(1, facts.channels());
        assertEquals(EncodedFormat.JPEG, facts.format());
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(reference.getWidth(), facts.width());
        assertEquals(reference.getHeight(), facts.height());
    }

    @Test
    void rejectsATruncatedPngNamingIt() throws IOException {
        byte[] png = Files.readAllBytes(SharedData.bottle().resolve("train/good/001.png"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> inspector.inspect(Arrays.copyOf(png, png.length / 2), "train/good/001.png"));
        assertTrue(e.getMessage().startsWith("train/good/001.png: truncated PNG"), e.getMessage());
    }

    @Test
    void rejectsAPngWithAFlippedByte() throws IOException {
        byte[] png = Files.readAllBytes(SharedData.bottle().resolve("train/good/001.png"));
        png[png.length / 2] ^= 0x55;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspector.inspect(png, "x.png"));
        assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
    }

    @Test
    void rejectsATruncatedJpeg() throws IOException {
        byte[] jpeg = Files.readAllBytes(firstFile(SharedData.magneticTile().resolve("train/good")));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> inspector.inspect(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), "cut.jpg"));
        assertTrue(e.getMessage().startsWith("cut.jpg: "), e.getMessage());
    }

    @Test
    void rejectsSixteenBitPng() throws IOException {
        BufferedImage deep = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspector.inspect(png(deep), "deep.png"));
        assertTrue(e.getMessage().contains("16-bit"), e.getMessage());
    }

    @Test
    void rejectsUnknownFormatsAndEmptyInput() {
        assertThrows(InvalidInputException.class, () -> inspector.inspect(new byte[] {1, 2, 3, 4}, "junk"));
        assertThrows(InvalidInputException.class, () -> inspector.inspect(new byte[0], "empty"));
    }

    @Test
    void enforcesPixelAndByteLimitsBeforeDecoding() throws IOException {
        byte[] png = Files.readAllBytes(SharedData.bottle().resolve("train/good/000.png"));
        ImageIoInspector fewPixels = new ImageIoInspector(new ImageLimits(50L << 20, 448L * 447));
        assertThrows(LimitExceededException.class, () -> fewPixels.inspect(png, "big"));
        ImageIoInspector fewBytes = new ImageIoInspector(new ImageLimits(png.length - 1, 40_000_000L));
        assertThrows(LimitExceededException.class, () -> fewBytes.inspect(png, "big"));
    }

    @Test
    void keepsAGrayMaskAsIsAndChecksItsSize() throws IOException {
        byte[] mask = Files.readAllBytes(SharedData.bottle().resolve("ground_truth/broken_large/000_mask.png"));
        assertArrayEquals(mask, inspector.normalizeMask(mask, "m.png", 448, 448));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> inspector.normalizeMask(mask, "ground_truth/x/000_mask.png", 400, 448));
        assertTrue(e.getMessage().startsWith("ground_truth/x/000_mask.png: mask is 448x448 but its image is 400x448"),
                e.getMessage());
    }

    @Test
    void convertsAnRgbMaskToBinaryGray() throws IOException {
        BufferedImage rgb = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 0, 0x000010);
        rgb.setRGB(3, 1, 0xFF0000);
        BufferedImage gray = ImageIO.read(new ByteArrayInputStream(inspector.normalizeMask(png(rgb), "m", 4, 2)));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, gray.getType());
        int[] values = gray.getRaster().getPixels(0, 0, 4, 2, (int[]) null);
        assertArrayEquals(new int[] {0, 255, 0, 0, 0, 0, 0, 255}, values);
    }

    @Test
    void rejectsAJpegMask() throws IOException {
        byte[] jpeg = Files.readAllBytes(firstFile(SharedData.magneticTile().resolve("test/crack")));
        assertThrows(InvalidInputException.class, () -> inspector.normalizeMask(jpeg, "m.jpg", 1, 1));
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    static Path firstFile(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().findFirst().orElseThrow();
        }
    }
}
