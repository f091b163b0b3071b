package dev.inspection.training.pipeline;

import dev.inspection.training.features.FeatureSource;

/**
 * What a cached feature depends on besides the image: the snapshot, the exact backbone file and the
 * preprocessing.
 *
 * @param preprocessing canonical text of the effective preprocessing
 */
public record FeatureKey(String snapshotId, String backboneSha256, String preprocessing) {

    /** The key of the features {@code source} computes for images of {@code snapshotId}. */
    public static FeatureKey of(String snapshotId, FeatureSource source) {
        return new FeatureKey(snapshotId, source.backboneSha256(), source.preprocessingId());
    }
}
