package dev.inspection.cli.bench;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.feature.v1.ExtractBatchRequest;
import dev.inspection.api.feature.v1.ExtractBatchResponse;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractRequest;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.StageTimings;
import io.grpc.ManagedChannel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running feature service over real gRPC with encoded images and prints throughput,
 * latency percentiles and where the time goes (server stages from the responses' timings, the
 * rest is transport and client work).
 */
public final class FeatureBenchmark {

    /** Figures of one scenario. */
    public record Figures(String scenario, double imagesPerSecond, double p50Millis, double p99Millis, int images,
                          int failures, StageBreakdown stages, CpuPerImage cpu) {
    }

    /**
     * CPU milliseconds per image of the service process and of this client process (gRPC, protobuf
     * parsing) over a scenario, from /proc; NaN when unknown. On a shared machine these, not wall
     * times, say what the service costs: a 2-core host sustains at most 2000 / (service + client) images/s.
     */
    public record CpuPerImage(double service, double client) {
    }

    /** Mean milliseconds per image in each stage. */
    public record StageBreakdown(double decode, double resize, double queue, double backbone, double aggregation,
                                 double serialization, double transportAndClient) {
    }

    private final ManagedChannel channel;
    private final List<byte[]> images;
    private final DType dtype;
    private final Long servicePid;

    /** @param servicePid the feature service's process, for its CPU time (null: not reported) */
    public FeatureBenchmark(ManagedChannel channel, List<byte[]> images, DType dtype, Long servicePid) {
        this.channel = channel;
        this.images = images;
        this.dtype = dtype;
        this.servicePid = servicePid;
    }

    /** CPU time of the service and of this process, read before and after a scenario. */
    private final class CpuMeter {
        private final double service0 = serviceCpu();
        private final double client0 = ProcessStats.ownCpuMillis();

        CpuPerImage perImage(int images) {
            double service = serviceCpu();
            double client = ProcessStats.ownCpuMillis();
            return new CpuPerImage(service < 0 || service0 < 0 ? Double.NaN : (service - service0) / images,
                    client < 0 || client0 < 0 ? Double.NaN : (client - client0) / images);
        }

        private double serviceCpu() {
            return servicePid == null ? -1 : ProcessStats.cpuMillis(servicePid);
        }
    }

    private ExtractOptions options() {
        return ExtractOptions.newBuilder().setDtype(dtype).build();
    }

    private static Image image(byte[] bytes) {
        return Image.newBuilder().setEncoded(ByteString.copyFrom(bytes)).build();
    }

    /** Sums server stage times (µs) over images; per-batch backbone time is shared among its images. */
    private static final class StageSums {
        final AtomicLong decode = new AtomicLong();
        final AtomicLong resize = new AtomicLong();
        final AtomicLong queue = new AtomicLong();
        final AtomicLong backbone = new AtomicLong();
        final AtomicLong aggregation = new AtomicLong();
        final AtomicLong serialization = new AtomicLong();
        final AtomicLong clientLatency = new AtomicLong();

        void add(StageTimings t) {
            decode.addAndGet(t.getDecodeUs());
            resize.addAndGet(t.getResizeUs());
            queue.addAndGet(t.getQueueUs());
            backbone.addAndGet(t.getBackboneUs() / Math.max(1, t.getBatchSize()));
            aggregation.addAndGet(t.getAggregationUs());
            serialization.addAndGet(t.getSerializationUs());
        }

        StageBreakdown perImage(int n, double wallMillisPerImage) {
            double d = decode.get() / 1000.0 / n;
            double r = resize.get() / 1000.0 / n;
            double q = queue.get() / 1000.0 / n;
            double b = backbone.get() / 1000.0 / n;
            double a = aggregation.get() / 1000.0 / n;
            double s = serialization.get() / 1000.0 / n;
            double client = clientLatency.get() / 1000.0 / n;
            return new StageBreakdown(d, r, q, b, a, s, Math.max(0, client - (d + r + q + b + a + s)));
        }
    }

    /** {@code clients} threads each sending single-image Extract calls for {@code seconds}. */
    public Figures concurrentUnary(String name, int clients, double seconds) throws Exception {
        FeatureServiceGrpc.FeatureServiceBlockingStub stub = FeatureServiceGrpc.newBlockingStub(channel);
        LatencyRecorder latency = new LatencyRecorder();
        StageSums sums = new StageSums();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CpuMeter cpu = new CpuMeter();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                int i = client;
                while (System.nanoTime() < end) {
                    byte[] bytes = images.get(i++ % images.size());
                    long s = System.nanoTime();
                    try {
                        ExtractResponse r = stub.extract(ExtractRequest.newBuilder().setImage(image(bytes)).setOptions(options()).build());
                        long elapsed = System.nanoTime() - s;
                        latency.record(elapsed);
                        sums.add(r.getTimings());
                        sums.clientLatency.addAndGet(elapsed / 1000);
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        int n = Math.max(1, done.get());
        return new Figures(name, done.get() / wall, latency.percentileMillis(50), latency.percentileMillis(99), done.get(),
                failures.get(), sums.perImage(n, wall * 1000 / n), cpu.perImage(n));
    }

    /** One client sending ExtractBatch calls of {@code batch} images for {@code seconds}; latency is per call. */
    public Figures batches(String name, int batch, double seconds) {
        FeatureServiceGrpc.FeatureServiceBlockingStub stub = FeatureServiceGrpc.newBlockingStub(channel);
        LatencyRecorder latency = new LatencyRecorder();
        StageSums sums = new StageSums();
        int done = 0;
        int failures = 0;
        int i = 0;
        CpuMeter cpu = new CpuMeter();
        long t0 = System.nanoTime();
        while ((System.nanoTime() - t0) / 1e9 < seconds) {
            ExtractBatchRequest.Builder request = ExtractBatchRequest.newBuilder().setOptions(options());
            for (int k = 0; k < batch; k++) {
                request.addImages(image(images.get(i++ % images.size())));
            }
            long s = System.nanoTime();
            try {
                ExtractBatchResponse r = stub.extractBatch(request.build());
                long elapsed = System.nanoTime() - s;
                latency.record(elapsed);
                for (ExtractResponse each : r.getResultsList()) {
                    sums.add(each.getTimings());
                }
                sums.clientLatency.addAndGet(elapsed / 1000);
                done += batch;
            } catch (RuntimeException e) {
                failures++;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        int n = Math.max(1, done);
        return new Figures(name, done / wall, latency.percentileMillis(50), latency.percentileMillis(99), done, failures,
                sums.perImage(n, wall * 1000 / n), cpu.perImage(n));
    }

    public static void print(PrintStream out, Figures f, double anchor) {
        StageBreakdown s = f.stages();
        out.printf(Locale.ROOT, "%-34s %7.2f img/s  %5.0f%% of anchor  p50 %7.1f ms  p99 %7.1f ms  (%d images, %d failed)%n",
                f.scenario(), f.imagesPerSecond(), 100 * f.imagesPerSecond() / anchor, f.p50Millis(), f.p99Millis(),
                f.images(), f.failures());
        out.printf(Locale.ROOT, "%-34s per image: decode %.1f, resize %.1f, queue %.1f, backbone %.1f, aggregation %.1f, "
                        + "serialisation %.1f, transport+client %.1f ms%n", "", s.decode(), s.resize(), s.queue(), s.backbone(),
                s.aggregation(), s.serialization(), s.transportAndClient());
        CpuPerImage cpu = f.cpu();
        out.printf(Locale.ROOT, "%-34s CPU per image: service %.1f ms, client %.1f ms, together %.1f ms "
                        + "(2 cores sustain at most %.1f img/s at that cost)%n", "", cpu.service(), cpu.client(),
                cpu.service() + cpu.client(), 2000 / (cpu.service() + cpu.client()));
    }
}
