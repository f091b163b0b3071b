package dev.inspection.core.image;

/**
 * What an image header says, read without decoding pixels (see {@link ImageHeaderReader}).
 *
 * @param format   the encoded format
 * @param width    pixels per row
 * @param height   rows
 * @param channels colour channels stored in the file: 1 gray, 2 gray+alpha, 3 RGB/YCbCr or palette
 *                 (palette images report 3), 4 RGBA or CMYK/YCCK
 * @param bitDepth bits per channel sample (PNG 1..16; JPEG sample precision; BMP bits per pixel)
 * @param cmyk     true for a JPEG in CMYK or YCCK colour (4 components), which is not accepted
 */
public record ImageInfo(ImageFormat format, int width, int height, int channels, int bitDepth, boolean cmyk) {

    /** Width times height, without int overflow. */
    public long pixelCount() {
        return (long) width * height;
    }
}
