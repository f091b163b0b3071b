package dev.inspection.core.postprocess;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes interleaved RGB, 8-bit gray and binary-mask byte buffers as PNG. The image raster wraps the
 * caller's bytes directly (no per-pixel copy), and the stream is cached in memory, never on disk.
 */
public final class PngImages {

    /** Deflate effort: ImageIO maps quality q to level (1 - q) * 9; 0.6 gives level 3 (fast, small enough). */
    private static final float COMPRESSION_QUALITY = 0.6f;

    private PngImages() {
    }

    /** PNG of an interleaved RGB buffer ({@code 3 * width * height} bytes). */
    public static byte[] encodeRgb(byte[] rgb, int width, int height) {
        checkSize(rgb, width, height, 3);
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(rgb, 3 * width * height),
                width, height, 3 * width, 3, new int[] {0, 1, 2}, null);
        return encode(new BufferedImage(model, raster, false, null));
    }

    /** PNG of an 8-bit gray buffer ({@code width * height} bytes). */
    public static byte[] encodeGray(byte[] gray, int width, int height) {
        checkSize(gray, width, height, 1);
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(gray, width * height),
                width, height, width, 1, new int[] {0}, null);
        return encode(new BufferedImage(model, raster, false, null));
    }

    /** 8-bit gray PNG of a binary mask: non-zero bytes become 255, zero stays 0. */
    public static byte[] encodeMask(byte[] mask, int width, int height) {
        checkSize(mask, width, height, 1);
        byte[] gray = new byte[width * height];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = mask[i] != 0 ? (byte) 255 : 0;
        }
        return encodeGray(gray, width, height);
    }

    private static byte[] encode(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no PNG ImageWriter available");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 2 + 256);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(COMPRESSION_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void checkSize(byte[] pixels, int width, int height, int channels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        long needed = (long) width * height * channels;
        if (pixels == null || pixels.length != needed) {
            throw new IllegalArgumentException("expected " + needed + " bytes for " + width + "x" + height
                    + "x" + channels + ", got " + (pixels == null ? "null" : pixels.length));
        }
    }
}
