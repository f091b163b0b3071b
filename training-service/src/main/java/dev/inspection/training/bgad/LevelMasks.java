package dev.inspection.training.bgad;

import java.util.Locale;

/**
 * Network-resolution defect masks to each level's grid. {@link Rule#NEAREST} is BGAD's own
 * {@code F.interpolate(mode='nearest')} (methods.md §2.6); {@link Rule#ANY_PIXEL} marks a cell as soon as
 * one defect pixel lies in its footprint, so thin defects (cracks a few pixels wide) are not sampled
 * away at the coarse levels, where nearest would otherwise hand their cells to the normal loss.
 */
public final class LevelMasks {

    /** How a level cell decides whether it is anomalous. */
    public enum Rule {
        /** The pixel at {@code floor(dst * in / out)}, as PyTorch's nearest interpolation. */
        NEAREST,
        /** Any defect pixel inside the cell's footprint {@code [floor(dst*in/out), ceil((dst+1)*in/out))}. */
        ANY_PIXEL;

        public static Rule parse(String text) {
            for (Rule r : values()) {
                if (r.name().equalsIgnoreCase(text.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("mask_downsampling must be nearest or any_pixel, got '" + text + "'");
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Cell flags: trained as normal, as anomalous, or left out of training. */
    public static final byte NORMAL = 0;
    public static final byte ANOMALOUS = 1;
    public static final byte IGNORED = 2;

    private LevelMasks() {
    }

    /**
     * Marks the normal cells within {@code ring} cells (Chebyshev distance) of an anomalous cell as
     * {@link #IGNORED}: their features see the defect through the backbone's receptive field, so neither
     * the normal pull nor the normal boundary quantile should count them. {@code ring} 0 returns the flags unchanged.
     */
    public static byte[] withIgnoreRing(byte[] flags, int height, int width, int ring) {
        if (ring < 0) {
            throw new IllegalArgumentException("ignore ring must be >= 0, got " + ring);
        }
        if (flags.length != height * width) {
            throw new IllegalArgumentException("flags have " + flags.length + " cells, expected " + height + "x" + width);
        }
        if (ring == 0) {
            return flags;
        }
        byte[] out = flags.clone();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (flags[y * width + x] != ANOMALOUS) {
                    continue;
                }
                for (int yy = Math.max(0, y - ring); yy <= Math.min(height - 1, y + ring); yy++) {
                    for (int xx = Math.max(0, x - ring); xx <= Math.min(width - 1, x + ring); xx++) {
                        if (out[yy * width + xx] == NORMAL) {
                            out[yy * width + xx] = IGNORED;
                        }
                    }
                }
            }
        }
        return out;
    }

    public static byte[] downsample(Rule rule, byte[] mask, int inHeight, int inWidth, int outHeight, int outWidth) {
        return rule == Rule.NEAREST ? nearest(mask, inHeight, inWidth, outHeight, outWidth)
                : anyPixel(mask, inHeight, inWidth, outHeight, outWidth);
    }

    private static void requireSize(byte[] mask, int height, int width) {
        if (mask.length != height * width) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + height + "x" + width);
        }
    }

    public static byte[] anyPixel(byte[] mask, int inHeight, int inWidth, int outHeight, int outWidth) {
        requireSize(mask, inHeight, inWidth);
        byte[] out = new byte[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++) {
            int y0 = (int) ((long) y * inHeight / outHeight);
            int y1 = Math.max(y0 + 1, (int) (((long) (y + 1) * inHeight + outHeight - 1) / outHeight));
            for (int x = 0; x < outWidth; x++) {
                int x0 = (int) ((long) x * inWidth / outWidth);
                int x1 = Math.max(x0 + 1, (int) (((long) (x + 1) * inWidth + outWidth - 1) / outWidth));
                out[y * outWidth + x] = (byte) (anySet(mask, inWidth, y0, Math.min(y1, inHeight), x0,
                        Math.min(x1, inWidth)) ? 1 : 0);
            }
        }
        return out;
    }

    private static boolean anySet(byte[] mask, int width, int y0, int y1, int x0, int x1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0, i = y * width + x0; x < x1; x++, i++) {
                if (mask[i] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    public static byte[] nearest(byte[] mask, int inHeight, int inWidth, int outHeight, int outWidth) {
        requireSize(mask, inHeight, inWidth);
        byte[] out = new byte[outHeight * outWidth];
        double sy = (double) inHeight / outHeight;
        double sx = (double) inWidth / outWidth;
        for (int y = 0; y < outHeight; y++) {
            int iy = Math.min(inHeight - 1, (int) Math.floor(y * sy));
            for (int x = 0; x < outWidth; x++) {
                int ix = Math.min(inWidth - 1, (int) Math.floor(x * sx));
                out[y * outWidth + x] = (byte) (mask[iy * inWidth + ix] != 0 ? 1 : 0);
            }
        }
        return out;
    }
}
