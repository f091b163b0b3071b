package dev.inspection.cli.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Downscaled gallery images as {@code data:} URIs: photos and heatmaps as JPEG (a tenth of the PNG
 * size), masks as PNG (binary content compresses best losslessly).
 */
final class Thumbnails {

    private static final float JPEG_QUALITY = 0.85f;

    private final int maxSide;

    /** @param maxSide longest side of a thumbnail in pixels; smaller images are not enlarged */
    Thumbnails(int maxSide) {
        if (maxSide < 16) {
            throw new IllegalArgumentException("thumbnail size must be >= 16 px, got " + maxSide);
        }
        this.maxSide = maxSide;
    }

    /** A JPEG thumbnail of a colour PNG as a data URI. */
    String photo(byte[] png, String what) {
        return dataUri("image/jpeg", encodeJpeg(scaled(decode(png, what))));
    }

    /** A PNG thumbnail of a mask PNG as a data URI. */
    String mask(byte[] png, String what) {
        return dataUri("image/png", encodePng(scaled(decode(png, what))));
    }

    static String dataUri(String mimeType, byte[] bytes) {
        return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static BufferedImage decode(byte[] png, String what) {
        if (png == null || png.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        // An in-memory stream: ImageIO's default stream caching would write temporary files.
        try {
            MemoryCacheImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(png));
            BufferedImage image = ImageIO.read(stream); // closes the stream once a reader took it
            if (image == null) {
                stream.close();
                throw new IllegalArgumentException(what + " is not a readable image");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** The image scaled to fit {@code maxSide}, as opaque RGB; halving steps keep large downscales smooth. */
    private BufferedImage scaled(BufferedImage source) {
        int width = source.getWidth();
        int height = source.getHeight();
        double factor = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int targetWidth = Math.max(1, (int) Math.round(width * factor));
        int targetHeight = Math.max(1, (int) Math.round(height * factor));
        BufferedImage current = source;
        do {
            int stepWidth = Math.max(targetWidth, current.getWidth() / 2);
            int stepHeight = Math.max(targetHeight, current.getHeight() / 2);
            if (current != source && stepWidth == current.getWidth() && stepHeight == current.getHeight()) {
                break;
            }
            current = draw(current, stepWidth, stepHeight);
        } while (current.getWidth() > targetWidth || current.getHeight() > targetHeight);
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static byte[] encodeJpeg(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG ImageWriter available");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** PNG bytes of an image, encoded through an in-memory stream (no temporary files). */
    static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IllegalStateException("no PNG ImageWriter available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return bytes.toByteArray();
    }
}
