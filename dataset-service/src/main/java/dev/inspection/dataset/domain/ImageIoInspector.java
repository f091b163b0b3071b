package dev.inspection.dataset.domain;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * {@link ImageInspector} on javax.imageio. Decoder warnings (libjpeg's "premature end of file")
 * count as errors, so a truncated JPEG is rejected instead of being padded with gray.
 */
public final class ImageIoInspector implements ImageInspector {
    private final ImageLimits limits;

    public ImageIoInspector(ImageLimits limits) {
        this.limits = limits;
    }

    @Override
    public ImageFacts inspect(byte[] encoded, String name) {
        BufferedImage image = decode(encoded, name);
        EncodedFormat format = EncodedFormat.sniff(encoded);
        ColorModel colorModel = image.getColorModel();
        for (int bits : colorModel.getComponentSize()) {
            if (bits > 8) {
                throw new InvalidInputException(name + ": " + bits + "-bit samples are not supported (8-bit only)");
            }
        }
        int colorSpaceType = colorModel.getColorSpace().getType();
        int channels;
        if (colorSpaceType == ColorSpace.TYPE_GRAY) {
            channels = 1;
        } else if (colorSpaceType == ColorSpace.TYPE_RGB) {
            channels = 3;
        } else {
            throw new InvalidInputException(name + ": unsupported colour space (only gray and RGB images)");
        }
        return new ImageFacts(image.getWidth(), image.getHeight(), channels, format);
    }

    @Override
    public byte[] normalizeMask(byte[] png, String name, int width, int height) {
        if (png.length > 0 && EncodedFormat.sniff(png) != EncodedFormat.PNG) {
            throw new InvalidInputException(name + ": a mask must be a PNG file");
        }
        BufferedImage mask = decode(png, name);
        if (mask.getWidth() != width || mask.getHeight() != height) {
            throw new InvalidInputException(name + ": mask is " + mask.getWidth() + "x" + mask.getHeight()
                    + " but its image is " + width + "x" + height);
        }
        if (mask.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return png;
        }
        return encodeBinaryGray(mask);
    }

    private BufferedImage decode(byte[] encoded, String name) {
        if (encoded == null || encoded.length == 0) {
            throw new InvalidInputException(name + ": image is empty");
        }
        if (encoded.length > limits.maxImageBytes()) {
            throw new LimitExceededException(name + ": " + encoded.length + " bytes exceed the limit of "
                    + limits.maxImageBytes() + " bytes per image");
        }
        EncodedFormat format = EncodedFormat.sniff(encoded);
        if (format == null) {
            throw new InvalidInputException(name + ": not a PNG, JPEG or BMP file");
        }
        if (format == EncodedFormat.PNG) {
            PngChunks.requireComplete(encoded, name);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no javax.imageio reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > limits.maxPixels()) {
                throw new LimitExceededException(name + ": " + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + " pixels exceed the limit of " + limits.maxPixels() + " pixels per image");
            }
            List<String> warnings = new ArrayList<>(1);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new InvalidInputException(name + ": corrupt " + format + " (" + warnings.get(0) + ")");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DomainException domain) {
                throw domain;
            }
            throw new InvalidInputException(name + ": cannot decode " + format + " (" + e.getMessage() + ")");
        } finally {
            reader.dispose();
        }
    }

    /** Re-encodes any mask as 8-bit gray with 0 for background and 255 where any channel is non-zero. */
    private static byte[] encodeBinaryGray(BufferedImage mask) {
        int width = mask.getWidth();
        int height = mask.getHeight();
        Raster source = mask.getRaster();
        int bands = source.getNumBands();
        if (mask.getColorModel().hasAlpha()) {
            bands--; // a transparent pixel is not a defect by itself
        }
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster target = gray.getRaster();
        boolean palette = mask.getColorModel() instanceof IndexColorModel;
        int stride = palette ? 1 : source.getNumBands();
        int[] row = new int[width * stride];
        int[] out = new int[width];
        for (int y = 0; y < height; y++) {
            if (palette) {
                // palette indices say nothing about colour: look the colours up
                mask.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    out[x] = (row[x] & 0xFFFFFF) != 0 ? 255 : 0;
                }
            } else {
                source.getPixels(0, y, width, 1, row);
                for (int x = 0; x < width; x++) {
                    int any = 0;
                    for (int b = 0; b < bands; b++) {
                        any |= row[x * stride + b];
                    }
                    out[x] = any != 0 ? 255 : 0;
                }
            }
            target.setPixels(0, y, width, 1, out);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(gray, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("re-encoding a mask in memory failed", e);
        }
        return bytes.toByteArray();
    }
}
