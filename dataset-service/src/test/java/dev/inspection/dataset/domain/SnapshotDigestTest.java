package dev.inspection.dataset.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SnapshotDigestTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String M = "c".repeat(64);

    @Test
    void hashesTheDocumentedLineFormat() {
        SnapshotDigest digest = new SnapshotDigest();
        digest.add(A, ImageSplit.TRAIN, ImageLabel.NORMAL, "good", null);
        digest.add(B, ImageSplit.TEST, ImageLabel.ANOMALOUS, "crack", M);
        String lines = A + "\tTRAIN\tNORMAL\tgood\t\n" + B + "\tTEST\tANOMALOUS\tcrack\t" + M + "\n";
        assertEquals(Sha256.hex(lines.getBytes(StandardCharsets.UTF_8)), digest.hex());
        assertEquals(2, digest.rows());
    }

    @Test
    void changesWithAnyField() {
        String base = digestOf(ImageLabel.ANOMALOUS, "crack", M);
        assertEquals(base, digestOf(ImageLabel.ANOMALOUS, "crack", M));
        assertNotEquals(base, digestOf(ImageLabel.ANOMALOUS, "scratch", M));
        assertNotEquals(base, digestOf(ImageLabel.ANOMALOUS, "crack", null));
        assertNotEquals(base, digestOf(ImageLabel.NORMAL, "good", M));
    }

    @Test
    void requiresAscendingImageIds() {
        SnapshotDigest digest = new SnapshotDigest();
        digest.add(B, ImageSplit.TRAIN, ImageLabel.NORMAL, "good", null);
        assertThrows(IllegalArgumentException.class, () -> digest.add(A, ImageSplit.TRAIN, ImageLabel.NORMAL, "good", null));
        assertThrows(IllegalArgumentException.class, () -> digest.add(B, ImageSplit.TRAIN, ImageLabel.NORMAL, "good", null));
    }

    private static String digestOf(ImageLabel label, String defect, String mask) {
        SnapshotDigest digest = new SnapshotDigest();
        digest.add(A, ImageSplit.TEST, label, defect, mask);
        return digest.hex();
    }
}
