package dev.inspection.cli.bench;

import java.util.Arrays;

/** Collects per-request latencies (microseconds) without boxing, then answers percentiles. */
public final class LatencyRecorder {
    private long[] micros = new long[1024];
    private int count;

    public synchronized void record(long nanos) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = nanos / 1000;
    }

    public synchronized int count() {
        return count;
    }

    /** The p-th percentile (0..100) in milliseconds, nearest-rank. */
    public synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1000.0;
    }
}
