package dev.inspection.training.pipeline;

/**
 * What a cached feature depends on besides the image: the snapshot, the exact backbone file and the
 * preprocessing.
 *
 * @param preprocessing canonical text of the effective preprocessing
 */
public record FeatureKey(String snapshotId, String backboneSha256, String preprocessing) {
}
