package dev.inspection.dataset.domain;

import dev.inspection.core.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Content digest of a snapshot: SHA-256 over its member rows in ascending image-id order, one
 * line per row: {@code imageId TAB split TAB label TAB defectType TAB maskId-or-empty LF}.
 * Two snapshots with the same content get the same digest, whatever their ids or times.
 */
public final class SnapshotDigest {
    private final MessageDigest digest = Sha256.newDigest();
    private String lastImageId;
    private long rows;

    /** Adds one member; rows must come in strictly ascending image-id order. */
    public void add(String imageId, ImageSplit split, ImageLabel label, String defectType, String maskId) {
        if (lastImageId != null && lastImageId.compareTo(imageId) >= 0) {
            throw new IllegalArgumentException("snapshot rows must be added in ascending image id order: "
                    + imageId + " after " + lastImageId);
        }
        lastImageId = imageId;
        rows++;
        String line = imageId + '\t' + split.name() + '\t' + label.name() + '\t' + defectType + '\t'
                + (maskId == null ? "" : maskId) + '\n';
        digest.update(line.getBytes(StandardCharsets.UTF_8));
    }

    public long rows() {
        return rows;
    }

    /** The digest as lowercase hex; call once, after the last row. */
    public String hex() {
        return Sha256.hex(digest);
    }
}
