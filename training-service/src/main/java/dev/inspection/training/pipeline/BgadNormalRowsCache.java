package dev.inspection.training.pipeline;

import dev.inspection.core.digest.Sha256;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.training.bgad.ChannelReduction;
import dev.inspection.training.bgad.FeatureServiceLevelSource;
import dev.inspection.training.bgad.NormalRowsCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A BGAD job's reduced normal rows in the training service's {@link FeatureStore}, one entry per level
 * and image. The key's text names what the rows depend on besides snapshot and backbone: the canonical
 * preprocessing, the level and a digest of the fitted channel reduction (its folded weight and bias),
 * so rows of another reduction, e.g. after a refit on other normals, are never read.
 */
public final class BgadNormalRowsCache implements NormalRowsCache, AutoCloseable {

    private final FeatureStore store;
    private final String snapshotId;
    private final String backboneSha256;
    private final List<String> levels;
    private PreprocessingSpec keyedSpec;
    private List<ChannelReduction> keyedReductions;
    private List<FeatureKey> keys;
    /** The store keeps the current keys' rows while this cache is open. */
    private FeatureStore.Hold hold;

    /** @param levels backbone level names, aligned with the reductions */
    public BgadNormalRowsCache(FeatureStore store, String snapshotId, String backboneSha256, List<String> levels) {
        this.store = store;
        this.snapshotId = snapshotId;
        this.backboneSha256 = backboneSha256;
        this.levels = List.copyOf(levels);
    }

    @Override
    public float[][] get(String imageId, PreprocessingSpec spec, List<ChannelReduction> reductions) {
        List<FeatureKey> levelKeys = keys(spec, reductions);
        try {
            for (FeatureKey key : levelKeys) {
                if (!store.contains(key, imageId)) {
                    return null;
                }
            }
            float[][] out = new float[levelKeys.size()][];
            for (int l = 0; l < out.length; l++) {
                int[] shape = store.shape(levelKeys.get(l), imageId);
                if (shape[1] != reductions.get(l).outChannels()) {
                    throw new IOException("cached BGAD rows of image " + imageId + " at " + levels.get(l) + " have "
                            + shape[1] + " channels, the reduction gives " + reductions.get(l).outChannels());
                }
                out[l] = new float[shape[0] * shape[1]];
                store.read(levelKeys.get(l), imageId, shape[0], shape[1], out[l], 0);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read cached BGAD rows of image " + imageId, e);
        }
    }

    @Override
    public void put(String imageId, PreprocessingSpec spec, List<ChannelReduction> reductions, float[][] reducedLevels) {
        List<FeatureKey> levelKeys = keys(spec, reductions);
        try {
            for (int l = 0; l < levelKeys.size(); l++) {
                int channels = reductions.get(l).outChannels();
                store.put(levelKeys.get(l), imageId, reducedLevels[l], reducedLevels[l].length / channels, channels);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not cache BGAD rows of image " + imageId, e);
        }
    }

    /** The per-level keys, digested once per preprocessing and set of reductions. */
    private List<FeatureKey> keys(PreprocessingSpec spec, List<ChannelReduction> reductions) {
        if (reductions.size() != levels.size()) {
            throw new IllegalArgumentException(reductions.size() + " reductions for " + levels.size() + " levels");
        }
        if (!spec.equals(keyedSpec) || !reductions.equals(keyedReductions)) {
            String preprocessing = Preprocessings.canonical(FeatureServiceLevelSource.toProto(spec));
            List<FeatureKey> out = new ArrayList<>(levels.size());
            for (int l = 0; l < levels.size(); l++) {
                out.add(new FeatureKey(snapshotId, backboneSha256, preprocessing + "|bgad-normal-rows " + levels.get(l)
                        + " reduction " + digest(reductions.get(l))));
            }
            FeatureStore.Hold previous = hold;
            hold = store.hold(out);
            if (previous != null) {
                previous.close();
            }
            keyedSpec = spec;
            keyedReductions = List.copyOf(reductions);
            keys = out;
        }
        return keys;
    }

    /** Lets the store evict these rows again (the job has them in memory by now). */
    @Override
    public void close() {
        if (hold != null) {
            hold.close();
        }
    }

    /** SHA-256 of the reduction's channel counts and folded weight and bias (what maps raw rows to rows). */
    static String digest(ChannelReduction reduction) {
        float[] weight = reduction.foldedWeight();
        float[] bias = reduction.foldedBias();
        ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * (weight.length + bias.length));
        bytes.putInt(reduction.inChannels()).putInt(reduction.outChannels());
        bytes.asFloatBuffer().put(weight).put(bias);
        return Sha256.hex(bytes.array());
    }
}
