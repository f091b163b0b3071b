package dev.inspection.training.pipeline;

import dev.inspection.training.features.FeatureSource;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * The training service's one cache of patch embeddings, per (snapshot, backbone, preprocessing)
 * and image id, so re-training on a snapshot skips the backbone. Jobs fill it from the feature
 * service ({@link SnapshotFeatures}); benchmarks and offline runs fill it from an in-process
 * {@link FeatureSource} ({@link #fill}). {@link DiskFeatureStore} is the implementation.
 */
public interface FeatureStore {

    /** Hears each image a {@link #fill} had to extract. */
    @FunctionalInterface
    interface ExtractionListener {
        void onImageExtracted(int done, int toExtract, String imageId);

        ExtractionListener NONE = (done, total, id) -> { };
    }

    /** Ends a {@link #hold}; closing twice is harmless. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Keeps the entries of {@code keys} while the hold is open: a store with a size budget evicts only
     * what nobody holds. Jobs hold their keys from before their first lookup until they no longer read.
     */
    Hold hold(Collection<FeatureKey> keys);

    boolean contains(FeatureKey key, String imageId);

    /**
     * Shape of a stored image's embeddings.
     *
     * @return {@code {rows, dim}}
     * @throws IOException when absent
     */
    int[] shape(FeatureKey key, String imageId) throws IOException;

    /** Stores {@code rows * dim} floats of one image (replacing what was there). */
    void put(FeatureKey key, String imageId, float[] embeddings, int rows, int dim) throws IOException;

    /**
     * Reads one image's embeddings into {@code dest} at {@code offset}.
     *
     * @throws IOException when absent or of another shape than {@code rows x dim}
     */
    void read(FeatureKey key, String imageId, int rows, int dim, float[] dest, int offset) throws IOException;

    /** The stored embeddings of {@code imageIds}, in that order, read one image at a time. */
    default FeatureRows rows(FeatureKey key, List<String> imageIds, int rowsPerImage, int dim) {
        List<String> ids = List.copyOf(imageIds);
        return new FeatureRows() {
            @Override
            public int images() {
                return ids.size();
            }

            @Override
            public int rowsPerImage() {
                return rowsPerImage;
            }

            @Override
            public int dim() {
                return dim;
            }

            @Override
            public void read(int index, float[] dest, int offset) throws IOException {
                FeatureStore.this.read(key, ids.get(index), rowsPerImage, dim, dest, offset);
            }
        };
    }

    /**
     * Extracts with {@code source} the images of {@code imageIds} the store lacks under {@code key}.
     *
     * @throws IllegalArgumentException when the source's backbone or preprocessing is not the key's
     * @throws IllegalStateException    when the source returns the wrong number of floats
     */
    default void fill(FeatureKey key, List<String> imageIds, FeatureSource source, ExtractionListener listener)
            throws IOException {
        if (!key.backboneSha256().equals(source.backboneSha256())
                || !key.preprocessing().equals(source.preprocessingId())) {
            throw new IllegalArgumentException("feature source (backbone " + source.backboneSha256()
                    + ", preprocessing " + source.preprocessingId() + ") does not produce the features of " + key);
        }
        List<String> missing = imageIds.stream().filter(id -> !contains(key, id)).toList();
        int rows = source.patchesPerImage();
        int dim = source.featureDim();
        int done = 0;
        for (String id : missing) {
            float[] embeddings = source.embeddings(id);
            if (embeddings == null || embeddings.length != rows * dim) {
                throw new IllegalStateException("feature source returned " + (embeddings == null ? "nothing"
                        : embeddings.length + " floats") + " for image '" + id + "', expected " + rows * dim);
            }
            put(key, id, embeddings, rows, dim);
            listener.onImageExtracted(++done, missing.size(), id);
        }
    }
}
