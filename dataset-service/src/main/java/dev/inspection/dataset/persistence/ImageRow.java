package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.EncodedFormat;
import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageSplit;
import java.time.Instant;
import java.util.UUID;

/**
 * An image as a member of a dataset or a snapshot, without its bytes.
 *
 * @param maskId SHA-256 of the mask PNG, or null
 */
public record ImageRow(String imageId, UUID datasetId, ImageSplit split, ImageLabel label, String defectType,
                       int width, int height, int channels, EncodedFormat format, String sourceName, String maskId,
                       long labelRevision, String labelledBy, Instant labelledAt) {
}
