package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingChoice;
import dev.inspection.core.augment.CopyPaste;
import dev.inspection.core.augment.DefectAugmenter;
import dev.inspection.core.augment.ForegroundMask;
import dev.inspection.core.augment.MaskedImage;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Turns images into BGAD training features: preprocessing choice, backbone levels, the fixed channel
 * reductions, known anomalies with level masks and the pool of copy-paste pseudo anomalies.
 */
public final class BgadDataPreparation {

    /** Seed of the fixed channel projections (independent of the training seed, so features can be cached). */
    public static final long PROJECTION_SEED = 1234;
    private static final int EXTRACT_BATCH = 8;

    private final LevelFeatureSource source;
    private final NormalRowsCache normalCache;

    public BgadDataPreparation(LevelFeatureSource source) {
        this(source, NormalRowsCache.NONE);
    }

    /** @param normalCache reduced rows of normal images kept between runs (looked up by image id) */
    public BgadDataPreparation(LevelFeatureSource source, NormalRowsCache normalCache) {
        this.source = source;
        this.normalCache = normalCache;
    }

    /** Normal features with the preprocessing {@link PreprocessingChoice} picks for these images. */
    public NormalFeatures prepareNormals(List<NormalImage> normals, BgadConfig config, BgadProgressListener listener,
                                         BooleanSupplier cancelled) {
        if (normals == null || normals.isEmpty()) {
            throw new IllegalArgumentException("no normal training images: BGAD needs defect-free images to learn from");
        }
        return prepareNormals(normals, PreprocessingChoice.forImages(normals.stream().map(NormalImage::image).toList(),
                config.inputSize()), config, listener, cancelled);
    }

    /** Normal features with a given preprocessing (its crop size must be the config's input size). */
    public NormalFeatures prepareNormals(List<NormalImage> normals, PreprocessingSpec spec, BgadConfig config,
                                         BgadProgressListener listener, BooleanSupplier cancelled) {
        if (normals == null || normals.isEmpty()) {
            throw new IllegalArgumentException("no normal training images: BGAD needs defect-free images to learn from");
        }
        if (spec.cropSize() != config.inputSize()) {
            throw new IllegalArgumentException("preprocessing gives " + spec.cropSize() + " pixels, the config's input size is "
                    + config.inputSize());
        }
        List<RgbImage> images = normals.stream().map(NormalImage::image).toList();
        List<LevelShape> rawShapes = source.levelShapes(config.inputSize());
        int[] reduced = config.reducedChannels();
        if (reduced.length != rawShapes.size()) {
            throw new IllegalArgumentException("config has " + reduced.length + " levels, the feature source "
                    + rawShapes.size());
        }
        List<LevelShape> reducedShapes = new ArrayList<>();
        for (int l = 0; l < rawShapes.size(); l++) {
            LevelShape s = rawShapes.get(l);
            if (reduced[l] > s.channels()) {
                throw new IllegalArgumentException("level " + (l + 1) + " has " + s.channels()
                        + " channels, cannot reduce to " + reduced[l]);
            }
            reducedShapes.add(new LevelShape(reduced[l], s.height(), s.width()));
        }
        Preprocessor preprocessor = new Preprocessor(spec);
        // Standardisation statistics from a sample spread over the whole list (any input order gives a
        // representative one), then every image reduced in list order: the sample is not extracted twice,
        // and images the cache holds for these reductions are not extracted at all.
        int[] statIndices = statisticsSample(normals.size(), config.statisticsImages());
        List<float[][]> statRaw = source.extract(Arrays.stream(statIndices).mapToObj(images::get).toList(), spec);
        List<ChannelReduction> reductions = new ArrayList<>();
        for (int l = 0; l < rawShapes.size(); l++) {
            int level = l;
            reductions.add(ChannelReduction.fit(rawShapes.get(l).channels(), reduced[l], PROJECTION_SEED + l,
                    statRaw.stream().map(r -> r[level]).toList()));
        }
        Map<Integer, float[][]> sampled = new HashMap<>();
        for (int i = 0; i < statIndices.length; i++) {
            sampled.put(statIndices[i], statRaw.get(i));
        }
        statRaw = null;
        FeatureBank bank = new FeatureBank(reducedShapes);
        NormalFeatures partial = new NormalFeatures(spec, rawShapes, reductions, new FeatureBank(reducedShapes),
                List.of(), List.of());
        for (int start = 0; start < normals.size(); start += EXTRACT_BATCH) {
            checkCancelled(cancelled);
            int end = Math.min(normals.size(), start + EXTRACT_BATCH);
            float[][][] rows = new float[end - start][][];
            List<Integer> toExtract = new ArrayList<>();
            for (int i = start; i < end; i++) {
                float[][] raw = sampled.remove(i);
                rows[i - start] = raw != null ? reduceAndKeep(partial, normals.get(i).imageId(), raw)
                        : normalCache.get(normals.get(i).imageId(), spec, reductions);
                if (rows[i - start] == null) {
                    toExtract.add(i);
                }
            }
            if (!toExtract.isEmpty()) {
                List<float[][]> extracted = source.extract(toExtract.stream().map(images::get).toList(), spec);
                for (int k = 0; k < toExtract.size(); k++) {
                    int i = toExtract.get(k);
                    rows[i - start] = reduceAndKeep(partial, normals.get(i).imageId(), extracted.get(k));
                }
            }
            for (float[][] r : rows) {
                bank.add(r, null);
            }
            listener.onProgress(BgadProgress.preparation("normal features", end, normals.size()));
        }
        List<RgbImage> network = images.stream().map(preprocessor::resizeAndCropImage).toList();
        return new NormalFeatures(spec, rawShapes, reductions, bank, network,
                normals.stream().map(NormalImage::imageId).toList());
    }

    private float[][] reduceAndKeep(NormalFeatures withReductions, String imageId, float[][] raw) {
        float[][] rows = withReductions.reduce(raw);
        normalCache.put(imageId, withReductions.preprocessing(), withReductions.reductions(), rows);
        return rows;
    }

    public AnomalyFeatures prepareAnomalies(NormalFeatures normals, List<KnownAnomaly> known, BgadConfig config,
                                            BgadProgressListener listener, BooleanSupplier cancelled) {
        if (known == null || known.isEmpty()) {
            throw new IllegalArgumentException("no labelled anomalies: BGAD needs at least one anomalous image with "
                    + "a defect mask");
        }
        PreprocessingSpec spec = normals.preprocessing();
        Preprocessor preprocessor = new Preprocessor(spec);
        int size = spec.cropSize();
        List<LevelShape> shapes = normals.bank().shapes();
        List<MaskedImage> networkKnown = new ArrayList<>();
        for (KnownAnomaly k : known) {
            byte[] mask = preprocessor.preprocessMask(k.mask(), k.image().width(), k.image().height());
            networkKnown.add(new MaskedImage(preprocessor.resizeAndCropImage(k.image()), mask));
        }
        FeatureBank knownBank = new FeatureBank(shapes);
        List<float[][]> knownRaw = source.extract(known.stream().map(KnownAnomaly::image).toList(), spec);
        for (int i = 0; i < known.size(); i++) {
            knownBank.add(normals.reduce(knownRaw.get(i)), levelMasks(config, networkKnown.get(i).mask(), size, shapes));
        }
        listener.onProgress(BgadProgress.preparation("known anomalies", known.size(), known.size()));

        FeatureBank pseudoBank = new FeatureBank(shapes);
        int total = known.size() * config.pseudoPerKnown();
        int[] pseudoSource = new int[total];
        SplittableRandom random = new SplittableRandom(config.seed() * 7919 + 17);
        List<RgbImage> batch = new ArrayList<>();
        List<byte[]> batchMasks = new ArrayList<>();
        int made = 0;
        for (int k = 0; k < known.size(); k++) {
            for (int p = 0; p < config.pseudoPerKnown(); p++) {
                checkCancelled(cancelled);
                RgbImage canvas = normals.networkImages().get(random.nextInt(normals.networkImages().size()));
                MaskedImage defect = DefectAugmenter.augment(networkKnown.get(k), random);
                byte[] foreground = ForegroundMask.byBorderContrast(canvas, ForegroundMask.DEFAULT_THRESHOLD);
                MaskedImage pasted = CopyPaste.paste(canvas, foreground, defect, random);
                batch.add(pasted.image());
                batchMasks.add(pasted.mask());
                pseudoSource[made++] = k;
                if (batch.size() == EXTRACT_BATCH || made == total) {
                    List<float[][]> raw = source.extract(batch, PreprocessingSpec.whole(size));
                    for (int i = 0; i < raw.size(); i++) {
                        pseudoBank.add(normals.reduce(raw.get(i)), levelMasks(config, batchMasks.get(i), size, shapes));
                    }
                    batch.clear();
                    batchMasks.clear();
                    listener.onProgress(BgadProgress.preparation("pseudo anomalies", made, total));
                }
            }
        }
        return new AnomalyFeatures(knownBank, pseudoBank, pseudoSource,
                known.stream().map(KnownAnomaly::imageId).toList(),
                known.stream().map(KnownAnomaly::defectType).toList());
    }

    /** Reduced rows of arbitrary images (e.g. a test set), with the normals' preprocessing and reductions. */
    public List<float[][]> reducedLevels(NormalFeatures normals, List<RgbImage> images) {
        List<float[][]> out = new ArrayList<>(images.size());
        for (float[][] raw : source.extract(images, normals.preprocessing())) {
            out.add(normals.reduce(raw));
        }
        return out;
    }

    /**
     * Indices of the {@code min(wanted, count)} images the channel statistics are fitted on: evenly
     * spaced over the list, so a list ordered by name or capture time (e.g. one acquisition batch first)
     * still gives a sample of all of it.
     */
    static int[] statisticsSample(int count, int wanted) {
        int k = Math.min(wanted, count);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = (int) ((long) i * count / k);
        }
        return out;
    }

    static byte[][] levelMasks(BgadConfig config, byte[] networkMask, int size, List<LevelShape> shapes) {
        byte[][] out = new byte[shapes.size()][];
        for (int l = 0; l < shapes.size(); l++) {
            LevelShape s = shapes.get(l);
            byte[] flags = LevelMasks.downsample(config.maskDownsampling(), networkMask, size, size, s.height(), s.width());
            out[l] = LevelMasks.withIgnoreRing(flags, s.height(), s.width(), config.ignoreRing());
        }
        return out;
    }

    static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new java.util.concurrent.CancellationException("BGAD training cancelled");
        }
    }
}
