package dev.inspection.core.augment;

/** Geometric ops on square interleaved float images and byte masks (row-major, side {@code size}). */
final class Geometry {

    private Geometry() {
    }

    /** Counter-clockwise quarter turns, like {@code np.rot90(img, k)}: out[y][x] = in[x][size-1-y] for k=1. */
    static float[] rotate90(float[] src, int size, int channels, int turns) {
        float[] cur = src;
        for (int t = 0; t < turns; t++) {
            float[] out = new float[cur.length];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int s = (x * size + (size - 1 - y)) * channels;
                    System.arraycopy(cur, s, out, (y * size + x) * channels, channels);
                }
            }
            cur = out;
        }
        return cur;
    }

    static byte[] rotate90(byte[] src, int size, int turns) {
        byte[] cur = src;
        for (int t = 0; t < turns; t++) {
            byte[] out = new byte[cur.length];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    out[y * size + x] = cur[x * size + (size - 1 - y)];
                }
            }
            cur = out;
        }
        return cur;
    }

    static float[] flip(float[] src, int size, int channels, boolean horizontal, boolean vertical) {
        float[] out = new float[src.length];
        for (int y = 0; y < size; y++) {
            int sy = vertical ? size - 1 - y : y;
            for (int x = 0; x < size; x++) {
                int sx = horizontal ? size - 1 - x : x;
                System.arraycopy(src, (sy * size + sx) * channels, out, (y * size + x) * channels, channels);
            }
        }
        return out;
    }

    static byte[] flip(byte[] src, int size, boolean horizontal, boolean vertical) {
        byte[] out = new byte[src.length];
        for (int y = 0; y < size; y++) {
            int sy = vertical ? size - 1 - y : y;
            for (int x = 0; x < size; x++) {
                out[y * size + x] = src[sy * size + (horizontal ? size - 1 - x : x)];
            }
        }
        return out;
    }

    static float[] transpose(float[] src, int size, int channels) {
        float[] out = new float[src.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                System.arraycopy(src, (x * size + y) * channels, out, (y * size + x) * channels, channels);
            }
        }
        return out;
    }

    static byte[] transpose(byte[] src, int size) {
        byte[] out = new byte[src.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = src[x * size + y];
            }
        }
        return out;
    }

    /** Inverse map: output pixel (x, y) samples the source at (a x + b y + c, d x + e y + f). */
    record Affine(double a, double b, double c, double d, double e, double f) {

        /** Rotation by {@code angle} and scaling by {@code scale} about the centre, then a shift. */
        static Affine rotateScaleShift(int size, double angle, double scale, double shiftX, double shiftY) {
            double centre = (size - 1) / 2.0;
            double cos = Math.cos(angle) / scale;
            double sin = Math.sin(angle) / scale;
            // src = R^-1 (dst - centre - shift) + centre
            double ox = centre + shiftX;
            double oy = centre + shiftY;
            return new Affine(cos, sin, centre - cos * ox - sin * oy, -sin, cos, centre + sin * ox - cos * oy);
        }
    }

    static float[] warpBilinearReflect(float[] src, int size, int channels, Affine m) {
        float[] out = new float[src.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sx = m.a() * x + m.b() * y + m.c();
                double sy = m.d() * x + m.e() * y + m.f();
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                int xa = reflect(x0, size);
                int xb = reflect(x0 + 1, size);
                int ya = reflect(y0, size);
                int yb = reflect(y0 + 1, size);
                int o = (y * size + x) * channels;
                for (int c = 0; c < channels; c++) {
                    float top = src[(ya * size + xa) * channels + c] * (1 - fx) + src[(ya * size + xb) * channels + c] * fx;
                    float bottom = src[(yb * size + xa) * channels + c] * (1 - fx) + src[(yb * size + xb) * channels + c] * fx;
                    out[o + c] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return out;
    }

    /** Nearest-neighbour warp; outside the source is 0 (no defect). */
    static byte[] warpNearest(byte[] src, int size, Affine m) {
        byte[] out = new byte[src.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                long sx = Math.round(m.a() * x + m.b() * y + m.c());
                long sy = Math.round(m.d() * x + m.e() * y + m.f());
                if (sx >= 0 && sy >= 0 && sx < size && sy < size) {
                    out[y * size + x] = src[(int) sy * size + (int) sx];
                }
            }
        }
        return out;
    }

    /** scipy "reflect" (half-sample symmetric) index. */
    static int reflect(int i, int size) {
        int period = 2 * size;
        int r = Math.floorMod(i, period);
        return r < size ? r : period - 1 - r;
    }
}
