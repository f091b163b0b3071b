package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingSpec;
import java.util.List;

/**
 * Keeps the reduced level rows of normal training images between runs, so that a second job on the
 * same images skips their backbone pass. An entry depends on the image, the preprocessing and the fitted
 * channel reductions (a refit with other statistics is another entry). Values are float16-exact: what
 * {@link FeatureBank} keeps, so a run from the cache trains on the very same rows.
 */
public interface NormalRowsCache {

    /** Stores nothing. */
    NormalRowsCache NONE = new NormalRowsCache() {
        @Override
        public float[][] get(String imageId, PreprocessingSpec spec, List<ChannelReduction> reductions) {
            return null;
        }

        @Override
        public void put(String imageId, PreprocessingSpec spec, List<ChannelReduction> reductions,
                        float[][] reducedLevels) {
        }
    };

    /** Per level the image's reduced rows {@code [H*W, C]}, or null when they are not stored. */
    float[][] get(String imageId, PreprocessingSpec spec, List<ChannelReduction> reductions);

    /** Stores one image's reduced rows (per level {@code [H*W, C]}). */
    void put(String imageId, PreprocessingSpec spec, List<ChannelReduction> reductions, float[][] reducedLevels);
}
