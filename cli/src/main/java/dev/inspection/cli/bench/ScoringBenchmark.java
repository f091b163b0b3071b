package dev.inspection.cli.bench;

import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.cli.ScoringOperations;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Closed-loop load on the scoring service: N clients, each sending the next image as soon as one returns. */
public final class ScoringBenchmark {

    /** What one scenario measured. */
    public record Figures(int clients, double imagesPerSecond, double p50Millis, double p99Millis, int images,
                          int failures, String firstFailure) {
    }

    private final ScoringOperations scoring;
    private final String model;
    private final int version;
    private final List<ScoringOperations.NamedImage> images;

    public ScoringBenchmark(ScoringOperations scoring, String model, int version, List<ScoringOperations.NamedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to benchmark with");
        }
        this.scoring = scoring;
        this.model = model;
        this.version = version;
        this.images = images;
    }

    public Figures run(int clients, double seconds) throws Exception {
        LatencyRecorder latencies = new LatencyRecorder();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ScoreOptions options = ScoreOptions.getDefaultInstance();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        ScoringOperations.NamedImage image = images.get(Math.floorMod(next.getAndIncrement(), images.size()));
                        long t = System.nanoTime();
                        try {
                            scoring.score(model, version, image.name(), image.encoded(), options);
                            latencies.record(System.nanoTime() - t);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Figures(clients, latencies.count() / elapsed, latencies.percentileMillis(50),
                latencies.percentileMillis(99), latencies.count(), failures.get(), firstFailure.get());
    }

    public static void print(PrintStream out, Figures f) {
        out.printf(Locale.ROOT, "%2d clients: %7.2f images/s, p50 %7.1f ms, p99 %7.1f ms, %d images, %d failures%s%n",
                f.clients(), f.imagesPerSecond(), f.p50Millis(), f.p99Millis(), f.images(), f.failures(),
                f.firstFailure() == null ? "" : " (first: " + f.firstFailure() + ")");
    }
}
