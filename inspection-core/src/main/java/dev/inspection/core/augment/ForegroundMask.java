package dev.inspection.core.augment;

import dev.inspection.core.image.RgbImage;

/**
 * A foreground estimate by thresholding: pixels whose colour differs from the mean colour of the image
 * border by more than a threshold (sum of absolute RGB differences). When that leaves less than
 * {@link #MIN_FOREGROUND_FRACTION} of the image (textures that fill the frame, e.g. magnetic tiles),
 * the whole image is foreground.
 */
public final class ForegroundMask {

    /** Default threshold on the summed absolute RGB difference (0..765). */
    public static final int DEFAULT_THRESHOLD = 60;
    public static final double MIN_FOREGROUND_FRACTION = 0.05;

    private ForegroundMask() {
    }

    /** {@code width*height} bytes, 1 = foreground. */
    public static byte[] byBorderContrast(RgbImage image, int threshold) {
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        long[] sum = new long[3];
        long count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    int p = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        sum[c] += rgb[p + c] & 0xff;
                    }
                    count++;
                }
            }
        }
        int[] border = {(int) (sum[0] / count), (int) (sum[1] / count), (int) (sum[2] / count)};
        byte[] mask = new byte[w * h];
        int foreground = 0;
        for (int i = 0, p = 0; i < mask.length; i++, p += 3) {
            int d = Math.abs((rgb[p] & 0xff) - border[0]) + Math.abs((rgb[p + 1] & 0xff) - border[1])
                    + Math.abs((rgb[p + 2] & 0xff) - border[2]);
            if (d > threshold) {
                mask[i] = 1;
                foreground++;
            }
        }
        if (foreground < MIN_FOREGROUND_FRACTION * mask.length) {
            java.util.Arrays.fill(mask, (byte) 1);
        }
        return mask;
    }
}
