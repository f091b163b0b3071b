package dev.inspection.scoring.engine;

import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractRequest;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.core.image.RgbImage;
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.DefectRegion;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.scoring.client.FeatureClient;
import dev.inspection.scoring.config.ScoringConfig;
import dev.inspection.scoring.model.ServedModels;
import dev.inspection.scoring.model.ServedVersion;
import dev.inspection.scoring.model.VersionLease;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores images: lease the version, take in-flight permits, check the image header, fetch patch
 * features, run the method's head, post-process with the shared core pipeline and render the asked
 * outputs. Every request finishes on the version it leased, whatever activations happen meanwhile.
 */
@ApplicationScoped
public class ScoringEngine {

    private final ServedModels models;
    private final FeatureClient features;
    private final ScoringMetrics metrics;
    private final InFlightLimiter limiter;
    private final ImageGate images;
    private final OutputRenderer renderer = new OutputRenderer();
    private final int maxBatchSize;
    private final ExecutorService workers;
    private final ThreadLocal<AnomalyMapPipeline.Workspace> workspaces =
            ThreadLocal.withInitial(AnomalyMapPipeline.Workspace::new);

    public ScoringEngine(ServedModels models, FeatureClient features, ScoringMetrics metrics, ScoringConfig config) {
        this.models = models;
        this.features = features;
        this.metrics = metrics;
        this.limiter = new InFlightLimiter(config.maxInFlight());
        this.images = new ImageGate(config.maxPixels());
        if (config.maxBatchSize() <= 0) {
            throw new IllegalArgumentException("inspection.scoring.max-batch-size must be > 0, got " + config.maxBatchSize());
        }
        this.maxBatchSize = config.maxBatchSize();
        // Workers mostly wait on the feature service; one per permit keeps every admitted image moving.
        this.workers = Executors.newFixedThreadPool(config.maxInFlight(), daemonThreads());
    }

    /** Scores one image on the caller's thread. */
    public ScoreResult score(String modelName, int version, Image image, ScoreOptions options, String optionsField) {
        try (VersionLease lease = models.acquire(modelName, version);
             InFlightLimiter.Permit ignored = limiter.acquire(1)) {
            ScoreSettings settings = ScoreSettings.resolve(options, lease.version().calibration(), optionsField);
            return scoreOn(lease.version(), image, "image", settings, Context.current().getDeadline(), true);
        }
    }

    /**
     * Scores a batch on one version, images in parallel; results in request order.
     *
     * @throws ScoringException INVALID_ARGUMENT for an empty batch, RESOURCE_EXHAUSTED over the maximum
     */
    public List<ScoreResult> scoreBatch(String modelName, int version, List<Image> batch, ScoreOptions options) {
        if (batch.isEmpty()) {
            throw ScoringException.invalidArgument("images is empty");
        }
        if (batch.size() > maxBatchSize) {
            throw ScoringException.resourceExhausted("batch of " + batch.size() + " images is over the maximum of "
                    + maxBatchSize + " (inspection.scoring.max-batch-size)");
        }
        try (VersionLease lease = models.acquire(modelName, version);
             InFlightLimiter.Permit ignored = limiter.acquire(batch.size())) {
            ScoreSettings settings = ScoreSettings.resolve(options, lease.version().calibration(), "options");
            for (int i = 0; i < batch.size(); i++) {
                images.check(batch.get(i), "images[" + i + "]");
            }
            Context context = Context.current();
            Deadline deadline = context.getDeadline();
            List<Future<ScoreResult>> futures = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Image image = batch.get(i);
                String field = "images[" + i + "]";
                // Each image holds its own lease: a cancelled batch returns at once, images still running
                // keep their version open until they end.
                futures.add(workers.submit(context.wrap(() -> {
                    try (VersionLease own = lease.share()) {
                        return scoreOn(own.version(), image, field, settings, deadline, false);
                    }
                })));
            }
            List<ScoreResult> results = new ArrayList<>(batch.size());
            try {
                for (Future<ScoreResult> future : futures) {
                    results.add(future.get());
                }
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                throw unwrap(e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
            }
            return results;
        }
    }

    /**
     * Starts scoring one image on a worker (streams): the version lease and permit are taken now, on
     * the caller's thread, so admission errors surface at once and requests keep their arrival order.
     */
    public CompletableFuture<ScoreResult> submit(String modelName, int version, Image image, ScoreOptions options) {
        VersionLease lease = models.acquire(modelName, version);
        InFlightLimiter.Permit permit;
        ScoreSettings settings;
        try {
            permit = limiter.acquire(1);
            try {
                settings = ScoreSettings.resolve(options, lease.version().calibration(), "options");
            } catch (RuntimeException e) {
                permit.close();
                throw e;
            }
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        Context context = Context.current();
        Deadline deadline = context.getDeadline();
        return CompletableFuture.supplyAsync(() -> {
            try (lease; permit) {
                return context.wrap(() -> scoreOn(lease.version(), image, "image", settings, deadline, true)).call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, workers);
    }

    /** Images being scored right now. */
    public int inFlight() {
        return limiter.inFlight();
    }

    /**
     * The whole per-image path on a leased version; runs on the calling thread.
     *
     * @param checkImage false when the caller has checked the image header already (batches)
     */
    ScoreResult scoreOn(ServedVersion served, Image image, String field, ScoreSettings settings, Deadline deadline,
                        boolean checkImage) {
        long start = System.nanoTime();
        checkAlive(deadline, "before scoring");
        if (checkImage) {
            images.check(image, field);
        }
        ModelManifest manifest = served.manifest();
        ExtractResponse extracted = features.extract(extractRequest(manifest, image, served), deadline);
        checkBackbone(manifest, extracted);
        long featuresDone = System.nanoTime();
        checkAlive(deadline, "after feature extraction");

        float[][] grids;
        try {
            grids = served.runner().scoreGrids(extracted);
        } catch (IllegalArgumentException e) {
            throw ScoringException.failedPrecondition("features do not fit version " + served.version()
                    + " of model '" + served.modelName() + "': " + e.getMessage());
        }
        long headDone = System.nanoTime();

        AnomalyMapPipeline pipeline = served.runner().pipeline();
        int mapSize = pipeline.config().mapSize();
        float[] map = new float[pipeline.mapPixels()];
        double raw = pipeline.computeMap(grids, map, workspaces.get());
        var calibration = settings.calibration();
        double score = calibration.normaliseImage(raw);
        byte[] rawMap = settings.rawMapFloat32() ? LittleEndian.toBytes(map) : null;
        calibration.normalisePixels(map, map);
        byte[] heatmap = settings.heatmapPng() ? renderer.heatmapPng(map, mapSize) : null;
        byte[] overlay = null;
        if (settings.overlayPng()) {
            RgbImage input = images.decode(image, field);
            overlay = renderer.overlayPng(map, mapSize, input, manifest.getPreprocessing());
        }
        byte[] mask = settings.maskPng() ? renderer.maskPng(map, mapSize, settings.decisionLine()) : null;
        byte[] half = settings.mapFloat16() ? OutputRenderer.float16(map) : null;
        List<DefectRegion> regions = settings.regions()
                ? renderer.regions(map, mapSize, settings.decisionLine(), settings.minRegionArea()) : List.of();
        long end = System.nanoTime();
        ScoreResult result = new ScoreResult(served.modelName(), served.version(), manifest.getMethod(), score, raw,
                score >= settings.decisionLine(), settings.imageRawThreshold(), mapSize, map, heatmap, overlay, mask,
                half, rawMap, regions, new ScoreResult.StageTimes(micros(featuresDone - start), micros(headDone - featuresDone),
                micros(end - headDone), micros(end - start)));
        metrics.record(result);
        return result;
    }

    private static ExtractRequest extractRequest(ModelManifest manifest, Image image, ServedVersion served) {
        ExtractOptions.Builder options = ExtractOptions.newBuilder()
                .setBackboneId(manifest.getBackbone().getId())
                // float32 keeps the served score bit-identical to the training-time evaluation path.
                .setDtype(DType.FLOAT32);
        if (manifest.hasPreprocessing()) {
            options.setPreprocessing(manifest.getPreprocessing());
        }
        served.runner().requestFeatures(options);
        return ExtractRequest.newBuilder().setImage(image).setOptions(options).build();
    }

    /** The feature service may have been given another backbone since the version was loaded. */
    private static void checkBackbone(ModelManifest manifest, ExtractResponse extracted) {
        String wanted = manifest.getBackbone().getSha256();
        String got = extracted.getBackboneSha256();
        if (!got.isEmpty() && !wanted.isEmpty() && !wanted.equalsIgnoreCase(got)) {
            throw ScoringException.failedPrecondition("feature service now runs backbone sha256 " + got
                    + " but version " + manifest.getVersion() + " of model '" + manifest.getModelName()
                    + "' was trained on " + wanted);
        }
    }

    private static void checkAlive(Deadline deadline, String when) {
        if (deadline != null && deadline.isExpired()) {
            throw Status.DEADLINE_EXCEEDED.withDescription("deadline passed " + when).asRuntimeException();
        }
        if (Context.current().isCancelled()) {
            throw Status.CANCELLED.withDescription("the client cancelled the request " + when).asRuntimeException();
        }
    }

    private static RuntimeException unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "scoring-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @PreDestroy
    void shutdown() {
        workers.shutdownNow();
    }
}
