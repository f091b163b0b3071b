package dev.inspection.core.augment;

import dev.inspection.core.image.RgbImage;
import java.util.SplittableRandom;

/**
 * Pastes an (augmented) defect onto a normal image inside the normal image's foreground, after BGAD's
 * {@code in_fg_region} rule (methods.md §2.8): in place when more than 2/3 of the defect already lies
 * in the foreground; otherwise the whole defect is shifted so its centroid lands on a random
 * foreground point of the image shrunk by half the defect's extent (one shift for all its parts,
 * where the official code moves each contour separately), dropping what falls outside the image.
 */
public final class CopyPaste {

    private static final double IN_PLACE_FRACTION = 2.0 / 3.0;

    private CopyPaste() {
    }

    public static MaskedImage paste(RgbImage normal, byte[] foreground, MaskedImage defect, SplittableRandom random) {
        int w = normal.width();
        int h = normal.height();
        if (defect.image().width() != w || defect.image().height() != h) {
            throw new IllegalArgumentException("defect image " + defect.image().width() + "x" + defect.image().height()
                    + " does not match the normal image " + w + "x" + h);
        }
        if (foreground.length != w * h) {
            throw new IllegalArgumentException("foreground mask has " + foreground.length + " pixels, image is " + w + "x" + h);
        }
        byte[] mask = defect.mask();
        int area = 0;
        int inside = 0;
        long sumX = 0;
        long sumY = 0;
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x] != 0) {
                    area++;
                    inside += foreground[y * w + x] != 0 ? 1 : 0;
                    sumX += x;
                    sumY += y;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int dx = 0;
        int dy = 0;
        if (area > 0 && inside <= IN_PLACE_FRACTION * area) {
            int halfW = (maxX - minX + 1) / 2;
            int halfH = (maxY - minY + 1) / 2;
            int[] target = randomForegroundPoint(foreground, w, h, halfW, halfH, random);
            if (target != null) {
                dx = target[0] - (int) Math.round((double) sumX / area);
                dy = target[1] - (int) Math.round((double) sumY / area);
            }
        }
        byte[] out = normal.rgb().clone();
        byte[] outMask = new byte[w * h];
        byte[] src = defect.image().rgb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x] == 0) {
                    continue;
                }
                int tx = x + dx;
                int ty = y + dy;
                if (tx < 0 || ty < 0 || tx >= w || ty >= h) {
                    continue;
                }
                int t = ty * w + tx;
                System.arraycopy(src, (y * w + x) * 3, out, t * 3, 3);
                outMask[t] = 1;
            }
        }
        return new MaskedImage(new RgbImage(w, h, out), outMask);
    }

    /** A uniformly chosen foreground pixel at least (marginX, marginY) from the border, or null if none. */
    private static int[] randomForegroundPoint(byte[] fg, int w, int h, int marginX, int marginY, SplittableRandom random) {
        int count = 0;
        for (int y = marginY; y < h - marginY; y++) {
            for (int x = marginX; x < w - marginX; x++) {
                count += fg[y * w + x] != 0 ? 1 : 0;
            }
        }
        if (count == 0) {
            return null;
        }
        int pick = random.nextInt(count);
        for (int y = marginY; y < h - marginY; y++) {
            for (int x = marginX; x < w - marginX; x++) {
                if (fg[y * w + x] != 0 && pick-- == 0) {
                    return new int[] {x, y};
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
