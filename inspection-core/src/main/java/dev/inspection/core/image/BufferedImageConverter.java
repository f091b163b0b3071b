package dev.inspection.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Converts a decoded {@link BufferedImage} to interleaved RGB8 the way Pillow's {@code convert("RGB")}
 * does: raw samples, no colour management, gray replicated, alpha dropped (not composited), palette
 * looked up. Reads raster samples directly: {@code BufferedImage.getRGB} would push gray images
 * through a linear-to-sRGB conversion and change their values.
 */
final class BufferedImageConverter {

    private BufferedImageConverter() {
    }

    static byte[] toRgb(BufferedImage image) {
        Raster raster = image.getRaster();
        ColorModel colorModel = image.getColorModel();
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        if (colorModel instanceof IndexColorModel palette) {
            convertIndexed(raster, palette, width, height, rgb);
        } else if (colorModel instanceof ComponentColorModel
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel interleaved
                && raster.getDataBuffer() instanceof DataBufferByte bytes
                && bytes.getNumBanks() == 1) {
            convertInterleavedBytes(raster, interleaved, bytes.getData(),
                    colorModel.getNumColorComponents(), width, height, rgb);
        } else {
            convertGeneric(raster, colorModel, width, height, rgb);
        }
        return rgb;
    }

    private static void convertIndexed(Raster raster, IndexColorModel palette, int width, int height, byte[] rgb) {
        int size = palette.getMapSize();
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        int[] row = new int[width];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                int index = row[x];
                if (index >= size) {
                    throw new InvalidImageException("palette index " + index + " outside a palette of " + size + " colours");
                }
                rgb[o++] = reds[index];
                rgb[o++] = greens[index];
                rgb[o++] = blues[index];
            }
        }
    }

    /** Fast path for byte-interleaved rasters (PNG gray/RGB/RGBA, JPEG): index the bytes directly. */
    private static void convertInterleavedBytes(Raster raster, PixelInterleavedSampleModel model, byte[] data,
                                                int colorComponents, int width, int height, byte[] rgb) {
        int[] bandOffsets = model.getBandOffsets();
        int pixelStride = model.getPixelStride();
        int scanlineStride = model.getScanlineStride();
        int base = raster.getDataBuffer().getOffset()
                - raster.getSampleModelTranslateY() * scanlineStride
                - raster.getSampleModelTranslateX() * pixelStride;
        int r = bandOffsets[0];
        int g = colorComponents >= 3 ? bandOffsets[1] : r;
        int b = colorComponents >= 3 ? bandOffsets[2] : r;
        int o = 0;
        for (int y = 0; y < height; y++) {
            int p = base + y * scanlineStride;
            for (int x = 0; x < width; x++, p += pixelStride) {
                rgb[o++] = data[p + r];
                rgb[o++] = data[p + g];
                rgb[o++] = data[p + b];
            }
        }
    }

    /** Any other raster: per-band samples, scaled to 8 bits when narrower (e.g. 5-bit BMP channels). */
    private static void convertGeneric(Raster raster, ColorModel colorModel, int width, int height, byte[] rgb) {
        SampleModel model = raster.getSampleModel();
        int colorComponents = colorModel.getNumColorComponents();
        if (model.getDataType() != DataBuffer.TYPE_BYTE && model.getDataType() != DataBuffer.TYPE_INT
                && model.getDataType() != DataBuffer.TYPE_USHORT) {
            throw new InvalidImageException("unsupported sample type " + model.getDataType() + " in decoded image");
        }
        int bands = colorComponents >= 3 ? 3 : 1;
        int[] bits = new int[bands];
        for (int band = 0; band < bands; band++) {
            bits[band] = model.getSampleSize(band);
            if (bits[band] > 8) {
                throw new InvalidImageException("decoded image has " + bits[band] + "-bit samples; only 8-bit images are accepted");
            }
        }
        int[] row = new int[width];
        for (int band = 0; band < 3; band++) {
            int sourceBand = bands == 3 ? band : 0;
            int max = (1 << bits[sourceBand]) - 1;
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, sourceBand, row);
                int o = y * width * 3 + band;
                for (int x = 0; x < width; x++, o += 3) {
                    int v = row[x];
                    rgb[o] = (byte) (max == 255 ? v : v * 255 / max);
                }
            }
        }
    }
}
