package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngImagesTest {

    @Test
    void rgbRoundTripsThroughImageIo() throws IOException {
        int w = 7;
        int h = 5;
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37);
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngImages.encodeRgb(rgb, w, h)));
        assertEquals(w, decoded.getWidth());
        assertEquals(h, decoded.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                int expected = (rgb[p] & 0xff) << 16 | (rgb[p + 1] & 0xff) << 8 | (rgb[p + 2] & 0xff);
                assertEquals(expected, decoded.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void grayAndMaskRoundTrip() throws IOException {
        byte[] gray = {0, 17, (byte) 128, (byte) 255, 3, 99};
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngImages.encodeGray(gray, 3, 2)));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, decoded.getType());
        for (int i = 0; i < gray.length; i++) {
            assertEquals(gray[i] & 0xff, decoded.getRaster().getSample(i % 3, i / 3, 0));
        }
        byte[] mask = {0, 1, 0, (byte) 255};
        BufferedImage maskImage = ImageIO.read(new ByteArrayInputStream(PngImages.encodeMask(mask, 2, 2)));
        assertEquals(0, maskImage.getRaster().getSample(0, 0, 0));
        assertEquals(255, maskImage.getRaster().getSample(1, 0, 0));
        assertEquals(0, maskImage.getRaster().getSample(0, 1, 0));
        assertEquals(255, maskImage.getRaster().getSample(1, 1, 0));
    }

    @Test
    void rejectsWrongBufferLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PngImages.encodeRgb(new byte[10], 2, 2));
        assertEquals("expected 12 bytes for 2x2x3, got 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PngImages.encodeGray(new byte[4], 0, 4));
    }
}
