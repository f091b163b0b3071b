package dev.inspection.core.metrics;

/**
 * LSD radix sorts (two 16-bit passes) for the pixel-level rankings: several times faster than a
 * comparison sort on millions of float keys, and stable.
 */
final class RadixSort {

    private static final int BITS = 16;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;

    private RadixSort() {
    }

    /** Sorts {@code keys[0 .. n)} ascending as signed ints, using {@code scratch} (at least n). */
    static void sortInts(int[] keys, int n, int[] scratch) {
        int[] counts = new int[BUCKETS];
        // Flipping the sign bit makes the signed order the unsigned digit order.
        for (int shift = 0; shift < 32; shift += BITS) {
            int[] from = shift == 0 ? keys : scratch;
            int[] to = shift == 0 ? scratch : keys;
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[((from[i] ^ Integer.MIN_VALUE) >>> shift) & MASK]++;
            }
            toOffsets(counts);
            for (int i = 0; i < n; i++) {
                int key = from[i];
                to[counts[((key ^ Integer.MIN_VALUE) >>> shift) & MASK]++] = key;
            }
        }
    }

    /**
     * Sorts {@code values[0 .. n)} ascending by their high 32 bits as a signed int (the low bits ride
     * along in their input order), using {@code scratch} (at least n).
     */
    static void sortByHighInt(long[] values, int n, long[] scratch) {
        int[] counts = new int[BUCKETS];
        for (int shift = 32; shift < 64; shift += BITS) {
            long[] from = shift == 32 ? values : scratch;
            long[] to = shift == 32 ? scratch : values;
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (((from[i] ^ Long.MIN_VALUE) >>> shift) & MASK)]++;
            }
            toOffsets(counts);
            for (int i = 0; i < n; i++) {
                long value = from[i];
                to[counts[(int) (((value ^ Long.MIN_VALUE) >>> shift) & MASK)]++] = value;
            }
        }
    }

    private static void toOffsets(int[] counts) {
        int sum = 0;
        for (int b = 0; b < BUCKETS; b++) {
            int c = counts[b];
            counts[b] = sum;
            sum += c;
        }
    }
}
