package dev.inspection.core.image;

/** Layouts accepted by {@link RgbImage#fromRaw}: 8 bits per sample, row-major, no row padding. */
public enum PixelFormat {
    /** Interleaved R, G, B bytes. */
    RGB8(3),
    /** One gray byte per pixel; replicated to R = G = B. */
    GRAY8(1);

    private final int bytesPerPixel;

    PixelFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    public int bytesPerPixel() {
        return bytesPerPixel;
    }
}
