package dev.inspection.training.bgad;

/**
 * Network-resolution defect masks to each level's grid with PyTorch {@code F.interpolate(mode='nearest')}
 * (source index {@code floor(dst * in / out)}), as BGAD downsamples its masks (methods.md §2.6).
 */
public final class LevelMasks {

    private LevelMasks() {
    }

    public static byte[] nearest(byte[] mask, int inHeight, int inWidth, int outHeight, int outWidth) {
        if (mask.length != inHeight * inWidth) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + inHeight + "x" + inWidth);
        }
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
