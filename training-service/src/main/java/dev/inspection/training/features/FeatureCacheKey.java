package dev.inspection.training.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What cached embeddings depend on: the dataset snapshot (image bytes), the backbone file and the
 * preprocessing/aggregation, plus the storage type. Two keys that differ in any part never share files.
 */
public record FeatureCacheKey(String datasetSnapshotId, String backboneSha256, String preprocessingId,
                              FeatureStorage storage) {

    public FeatureCacheKey {
        requireText(datasetSnapshotId, "datasetSnapshotId");
        requireText(backboneSha256, "backboneSha256");
        requireText(preprocessingId, "preprocessingId");
        if (storage == null) {
            throw new IllegalArgumentException("feature cache storage is null");
        }
    }

    /** Key for the features of {@code source} on the given snapshot. */
    public static FeatureCacheKey of(String datasetSnapshotId, FeatureSource source, FeatureStorage storage) {
        return new FeatureCacheKey(datasetSnapshotId, source.backboneSha256(), source.preprocessingId(), storage);
    }

    /** The key as one line of text (written beside the data, so a directory says what it holds). */
    public String describe() {
        return "snapshot=" + datasetSnapshotId + "\nbackbone_sha256=" + backboneSha256
                + "\npreprocessing=" + preprocessingId + "\nstorage=" + storage + "\n";
    }

    /** File-system-safe directory name: SHA-256 of {@link #describe()}, hex. */
    public String directoryName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(describe().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("feature cache key part '" + name + "' must be non-blank");
        }
        if (value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("feature cache key part '" + name + "' must not contain a line break");
        }
    }
}
