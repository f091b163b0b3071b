package dev.inspection.training.pipeline;

import java.io.IOException;

/**
 * Cache of patch embeddings per (snapshot, backbone, preprocessing) and image id, so re-training on a
 * snapshot skips the feature service. The feature cache of {@code dev.inspection.training.features}
 * will implement it; {@link DiskFeatureStore} does until then.
 */
public interface FeatureStore {

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
}
