package dev.inspection.feature.extraction;

import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.ImageTooLargeException;
import dev.inspection.core.image.InvalidImageException;
import dev.inspection.core.image.ImageInfo;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import dev.inspection.feature.backbone.BackboneLevelSpec;
import dev.inspection.feature.backbone.BackboneManifest;
import dev.inspection.feature.backbone.BackboneSession;
import dev.inspection.feature.batching.MicroBatcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Images to features for one backbone. Decoding, preprocessing and patch aggregation run on the
 * caller's thread; only the backbone runs on the micro-batcher's single worker, so while one batch
 * is in the backbone the next images are already being decoded.
 */
public final class FeatureExtractor implements AutoCloseable {

    /** Limits of the micro-batching queue. */
    public record BatchingLimits(int maxBatchSize, long maxQueueDelayNanos, int queueCapacity) {
    }

    private final BackboneSession session;
    private final BackboneManifest manifest;
    private final ImageDecoder decoder;
    private final BatchingLimits limits;
    private final Map<Integer, MicroBatcher<BackboneBatchRunner.Job, BackboneBatchRunner.Output>> batchers = new ConcurrentHashMap<>();
    private final Map<PreprocessingSpec, Preprocessor> preprocessors = new ConcurrentHashMap<>();
    private final Map<Integer, PatchAggregator> aggregators = new ConcurrentHashMap<>();

    public FeatureExtractor(BackboneSession session, ImageDecoder decoder, BatchingLimits limits) {
        this.session = session;
        this.manifest = session.manifest();
        this.decoder = decoder;
        this.limits = limits;
    }

    public BackboneManifest manifest() {
        return manifest;
    }

    public String executionProvider() {
        return session.executionProvider();
    }

    /** The backbone's default preprocessing. */
    public PreprocessingSpec defaultPreprocessing() {
        return new PreprocessingSpec(PreprocessingSpec.Mode.RESIZE_CENTER_CROP, manifest.resizeSize(),
                manifest.cropSize(), manifest.mean(), manifest.std());
    }

    /** Images waiting for the backbone, over all input sizes. */
    public int queued() {
        return batchers.values().stream().mapToInt(MicroBatcher::queued).sum();
    }

    /**
     * Decodes and preprocesses on the caller's thread, then queues the image for the backbone.
     * The returned future completes (on the caller's thread of {@link #finish}) once the
     * backbone ran; call {@link #finish} to aggregate.
     *
     * @throws dev.inspection.core.image.InvalidImageException   bad image
     * @throws dev.inspection.core.image.ImageTooLargeException  over the pixel limit
     * @throws dev.inspection.feature.batching.QueueFullException the backbone queue is full
     */
    public Pending submit(ImageInput image, PreprocessingSpec spec, OutputSelection selection, BooleanSupplier abandoned) {
        return submit(image, spec, selection, abandoned, true);
    }

    private Pending submit(ImageInput image, PreprocessingSpec spec, OutputSelection selection, BooleanSupplier abandoned,
                           boolean waitForCompanions) {
        validateLevels(selection);
        long t0 = System.nanoTime();
        DecodedImage decoded = decode(image);
        long t1 = System.nanoTime();
        Preprocessor preprocessor = preprocessors.computeIfAbsent(spec, Preprocessor::new);
        float[] input = preprocessor.preprocess(decoded.rgb());
        long t2 = System.nanoTime();
        Set<String> levels = new LinkedHashSet<>(selection.levels());
        if (selection.patchEmbeddings()) {
            levels.addAll(manifest.patchLevels());
        }
        int side = spec.cropSize();
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletableFuture<BackboneBatchRunner.Output> backbone = batcher(side)
                .submit(new BackboneBatchRunner.Job(input, levels, System.nanoTime(), entered), abandoned, waitForCompanions);
        return new Pending(decoded.info(), side, selection, backbone, entered, t1 - t0, t2 - t1);
    }

    /** Waits for the backbone and aggregates on the caller's thread. */
    public ExtractionResult finish(Pending pending) throws Exception {
        BackboneBatchRunner.Output out;
        try {
            out = pending.backbone.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        List<LevelMap> levelMaps = new ArrayList<>();
        for (String name : pending.selection.levels()) {
            levelMaps.add(levelMap(name, pending.side, out));
        }
        float[] embeddings = null;
        int gridH = 0;
        int gridW = 0;
        int stride = 0;
        long aggregationNanos = 0;
        if (pending.selection.patchEmbeddings()) {
            long a0 = System.nanoTime();
            LevelMap fine = levelMap(manifest.patchLevels().get(0), pending.side, out);
            LevelMap coarse = levelMap(manifest.patchLevels().get(1), pending.side, out);
            PatchAggregator aggregator = aggregators.computeIfAbsent(pending.side, s -> new PatchAggregator(
                    fine.channels(), fine.height(), fine.width(), coarse.channels(), coarse.height(), coarse.width(),
                    manifest.embedDim(), manifest.embedDim()));
            embeddings = new float[aggregator.floatsPerImage()];
            aggregator.aggregate(fine.values(), fine.offset(), coarse.values(), coarse.offset(), embeddings, 0);
            gridH = fine.height();
            gridW = fine.width();
            stride = fine.stride();
            aggregationNanos = System.nanoTime() - a0;
        }
        StageTimes times = new StageTimes(pending.decodeNanos, pending.preprocessNanos, out.queueNanos(),
                out.backboneNanos(), aggregationNanos, out.batchSize());
        return new ExtractionResult(pending.info, embeddings, gridH, gridW, manifest.embedDim(), stride, levelMaps, times);
    }

    /** Submit and finish in one call. */
    public ExtractionResult extract(ImageInput image, PreprocessingSpec spec, OutputSelection selection,
                                    BooleanSupplier abandoned) throws Exception {
        return finish(submit(image, spec, selection, abandoned));
    }

    /** Turns one finished image of a batch into what the caller sends back. */
    @FunctionalInterface
    public interface ResultEncoder<R> {
        R encode(int index, ExtractionResult result) throws Exception;
    }

    /**
     * Extracts the {@code count} images of one batch request as a pipeline ({@link OrderedPipeline}):
     * each image's decoding and its predecessor's aggregation and encoding overlap the backbone run
     * of the image between them. Everything but the backbone runs on the caller's thread, in order.
     *
     * @param image   image {@code index} of the request, asked for just before it is decoded
     * @param encoder turns each result into what the caller sends, while the next image is in the backbone
     * @return the encoded results, in request order
     * @throws java.util.concurrent.CancellationException once {@code abandoned} answers true, or when the
     *                                                    backbone dropped an image of a departed caller
     */
    public <R> List<R> extractInOrder(int count, IntFunction<ImageInput> image, PreprocessingSpec spec,
                                      OutputSelection selection, BooleanSupplier abandoned, ResultEncoder<R> encoder)
            throws Exception {
        return OrderedPipeline.run(count, new OrderedPipeline.Stages<Pending, R>() {
            @Override
            public Pending submit(int index) {
                if (abandoned.getAsBoolean()) {
                    throw new CancellationException("caller went away after " + index + " of " + count + " images");
                }
                // The pipeline queues one image at a time: waiting for companions would only idle the backbone.
                return FeatureExtractor.this.submit(image.apply(index), spec, selection, abandoned, false);
            }

            @Override
            public CompletableFuture<?> entered(Pending queued) {
                return CompletableFuture.anyOf(queued.entered, queued.backbone);
            }

            @Override
            public R finish(int index, Pending queued) throws Exception {
                return encoder.encode(index, FeatureExtractor.this.finish(queued));
            }

            @Override
            public void cancel(Pending queued) {
                queued.cancel();
            }
        });
    }

    private LevelMap levelMap(String name, int side, BackboneBatchRunner.Output out) {
        BackboneLevelSpec level = manifest.level(name);
        float[] batch = out.batchLevels().get(name);
        if (batch == null) {
            throw new IllegalStateException("backbone produced no output " + name);
        }
        // Inputs are square, so each level's grid is square: read its side off the output size rather
        // than assuming how the backbone downsamples.
        int perImage = batch.length / out.batchSize();
        int grid = (int) Math.round(Math.sqrt((double) perImage / level.channels()));
        if (grid * grid * level.channels() != perImage || batch.length != perImage * out.batchSize()) {
            throw new IllegalStateException("backbone output " + name + " has " + batch.length + " floats for "
                    + out.batchSize() + " images, not a square " + level.channels() + "-channel map (input " + side + ")");
        }
        return new LevelMap(name, level.channels(), grid, grid, level.stride(), batch, out.index() * perImage);
    }

    private void validateLevels(OutputSelection selection) {
        for (String name : selection.levels()) {
            manifest.level(name);
        }
    }

    private record DecodedImage(RgbImage rgb, ImageInfo info) {
    }

    private DecodedImage decode(ImageInput image) {
        if (image instanceof ImageInput.Encoded e) {
            RgbImage rgb = decoder.decode(e.bytes(), e.name());
            return new DecodedImage(rgb, decoder.inspect(e.bytes(), e.name()));
        }
        ImageInput.Raw r = (ImageInput.Raw) image;
        // Raw buffers have no header: apply the same size limits to the declared size.
        ImageInfo info = new ImageInfo(null, r.width(), r.height(), r.format() == null ? 0 : r.format().bytesPerPixel(), 8, false);
        checkRawLimits(info, r.name());
        return new DecodedImage(RgbImage.fromRaw(r.format(), r.width(), r.height(), r.pixels()), info);
    }

    private void checkRawLimits(ImageInfo info, String name) {
        String who = name == null || name.isEmpty() ? "raw image" : "raw image " + name;
        if (info.pixelCount() > decoder.limits().maxPixels()) {
            throw new ImageTooLargeException(who + " is " + info.width() + "x" + info.height() + " = " + info.pixelCount()
                    + " pixels, more than the limit of " + decoder.limits().maxPixels(), info.pixelCount(), decoder.limits().maxPixels());
        }
        if (info.width() < decoder.limits().minSide() || info.height() < decoder.limits().minSide()) {
            throw new InvalidImageException(who + " is " + info.width() + "x" + info.height() + ", smaller than the minimum "
                    + decoder.limits().minSide() + "x" + decoder.limits().minSide());
        }
    }

    private MicroBatcher<BackboneBatchRunner.Job, BackboneBatchRunner.Output> batcher(int side) {
        return batchers.computeIfAbsent(side, s -> new MicroBatcher<>("backbone-" + s, limits.maxBatchSize(),
                limits.maxQueueDelayNanos(), limits.queueCapacity(), new BackboneBatchRunner(session, s, limits.maxBatchSize())));
    }

    /** An image queued for the backbone; {@link #finish} turns it into features. */
    public static final class Pending {
        private final ImageInfo info;
        private final int side;
        private final OutputSelection selection;
        private final CompletableFuture<BackboneBatchRunner.Output> backbone;
        private final CompletableFuture<Void> entered;
        private final long decodeNanos;
        private final long preprocessNanos;

        Pending(ImageInfo info, int side, OutputSelection selection, CompletableFuture<BackboneBatchRunner.Output> backbone,
                CompletableFuture<Void> entered, long decodeNanos, long preprocessNanos) {
            this.info = info;
            this.side = side;
            this.selection = selection;
            this.backbone = backbone;
            this.entered = entered;
            this.decodeNanos = decodeNanos;
            this.preprocessNanos = preprocessNanos;
        }

        /** Completes when the backbone has run for this image (exceptionally if it failed or was dropped). */
        public CompletableFuture<Void> backboneDone() {
            return backbone.thenApply(out -> null);
        }

        /** Gives up on the image (it is skipped if its batch has not run yet). */
        public void cancel() {
            backbone.cancel(false);
        }
    }

    @Override
    public void close() throws Exception {
        for (MicroBatcher<?, ?> b : batchers.values()) {
            b.close();
        }
        session.close();
    }
}
