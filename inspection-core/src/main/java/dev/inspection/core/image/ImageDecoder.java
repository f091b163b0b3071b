package dev.inspection.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG and BMP bytes into an {@link RgbImage}, matching Pillow's
 * {@code Image.open(...).convert("RGB")}: 8-bit samples, gray replicated, alpha dropped, palettes
 * expanded, no colour management and no EXIF rotation.
 *
 * <p>Order of checks, all before any pixel is decoded: empty data, format by magic bytes (GIF, TIFF,
 * WebP and unknown data are rejected), header via {@link ImageHeaderReader}, size limits from
 * {@link DecodeLimits} ({@link ImageTooLargeException} for too many pixels), 16-bit PNG, CMYK/YCCK
 * and 12-bit JPEG, then structural integrity (PNG chunk CRCs up to IEND, JPEG EOI, BMP pixel-array
 * length). Decoding itself uses javax.imageio; any decoder warning about truncated or corrupt data
 * is an error too.
 *
 * <p>JPEG note: javax.imageio decodes with IJG libjpeg, Pillow with libjpeg-turbo; both use the
 * same integer IDCT, fancy chroma upsampling and colour conversion. A 4:2:0 JPEG written by Pillow
 * decodes identically here and in Pillow 9.4.0 (ImageDecoderTest); other encoders' files (arithmetic
 * coding, unusual sampling factors) are not covered by that check.
 *
 * <p>Thread-safe and stateless apart from its limits; share one instance.
 */
public final class ImageDecoder {

    static {
        // Decode from memory only: no temporary files per request.
        ImageIO.setUseCache(false);
    }

    /**
     * Decoder warnings about harmless quirks (libjpeg's stray bytes between segments, the JDK's
     * thumbnail and ICC-profile notices); every other warning means truncated or damaged data.
     */
    private static final List<String> BENIGN_WARNING_FRAGMENTS = List.of(
            "extraneous bytes before marker",
            "jfif markers not allowed in jfif jpeg thumbnail",
            "embedded color profile is invalid");

    private final DecodeLimits limits;

    public ImageDecoder() {
        this(DecodeLimits.DEFAULTS);
    }

    public ImageDecoder(DecodeLimits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("decode limits are null");
        }
        this.limits = limits;
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Decodes an unnamed image. */
    public RgbImage decode(byte[] data) {
        return decode(data, null);
    }

    /**
     * Decodes {@code data}; {@code imageName} (may be null) only appears in exception messages.
     *
     * @throws InvalidImageException  when the data is not an acceptable image
     * @throws ImageTooLargeException when the header announces more than {@code maxPixels} pixels
     */
    public RgbImage decode(byte[] data, String imageName) {
        ImageInfo info = inspect(data, imageName);
        IntegrityCheck.check(info, data, imageName);
        BufferedImage decoded = readWithImageIo(info, data, imageName);
        if (decoded.getWidth() != info.width() || decoded.getHeight() != info.height()) {
            throw new InvalidImageException(InvalidImageException.describe(imageName, "decoded size "
                    + decoded.getWidth() + "x" + decoded.getHeight() + " differs from header size "
                    + info.width() + "x" + info.height()));
        }
        byte[] rgb;
        try {
            rgb = BufferedImageConverter.toRgb(decoded);
        } catch (InvalidImageException e) {
            throw new InvalidImageException(InvalidImageException.describe(imageName, e.getMessage()), e);
        }
        return new RgbImage(info.width(), info.height(), rgb);
    }

    /**
     * Reads and validates the header only (format, size limits, bit depth, colour model) without
     * decoding pixels. The dataset service uses this to register images cheaply.
     *
     * @throws InvalidImageException  when the image would be rejected by {@link #decode}
     * @throws ImageTooLargeException when the header announces more than {@code maxPixels} pixels
     */
    public ImageInfo inspect(byte[] data, String imageName) {
        ImageInfo info = ImageHeaderReader.read(data, imageName);
        long pixels = info.pixelCount();
        if (pixels > limits.maxPixels()) {
            throw new ImageTooLargeException(InvalidImageException.describe(imageName, info.format() + " image is "
                    + info.width() + "x" + info.height() + " = " + pixels + " pixels, more than the limit of "
                    + limits.maxPixels()), pixels, limits.maxPixels());
        }
        if (info.width() < limits.minSide() || info.height() < limits.minSide()) {
            throw new InvalidImageException(InvalidImageException.describe(imageName, "image is " + info.width() + "x"
                    + info.height() + ", smaller than the minimum " + limits.minSide() + "x" + limits.minSide()));
        }
        if (info.format() == ImageFormat.PNG && info.bitDepth() == 16) {
            throw new InvalidImageException(InvalidImageException.describe(imageName,
                    "16-bit PNG is not supported; convert it to 8 bits per channel"));
        }
        if (info.format() == ImageFormat.JPEG) {
            if (info.cmyk()) {
                throw new InvalidImageException(InvalidImageException.describe(imageName,
                        "CMYK/YCCK JPEG (" + info.channels() + " components) is not supported; send RGB or grayscale"));
            }
            if (info.bitDepth() != 8) {
                throw new InvalidImageException(InvalidImageException.describe(imageName,
                        info.bitDepth() + "-bit JPEG is not supported; only 8-bit JPEG is accepted"));
            }
            if (info.channels() != 1 && info.channels() != 3) {
                throw new InvalidImageException(InvalidImageException.describe(imageName,
                        "JPEG with " + info.channels() + " components is not supported"));
            }
        }
        return info;
    }

    private static BufferedImage readWithImageIo(ImageInfo info, byte[] data, String imageName) {
        String formatName = info.format().name().toLowerCase(Locale.ROOT);
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no javax.imageio reader for " + formatName);
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(input, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            for (String warning : warnings) {
                if (!isBenign(warning)) {
                    throw new InvalidImageException(InvalidImageException.describe(imageName,
                            info.format() + " data is truncated or corrupt: " + warning));
                }
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidImageException invalid) {
                throw invalid;
            }
            throw new InvalidImageException(InvalidImageException.describe(imageName,
                    info.format() + " data is corrupt: " + e.getMessage()), e);
        } finally {
            reader.dispose();
        }
    }

    private static boolean isBenign(String warning) {
        String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        for (String fragment : BENIGN_WARNING_FRAGMENTS) {
            if (lower.contains(fragment)) {
                return true;
            }
        }
        return false;
    }
}
