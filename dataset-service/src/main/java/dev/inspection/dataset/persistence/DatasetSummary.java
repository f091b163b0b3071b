package dev.inspection.dataset.persistence;

import java.time.Instant;
import java.util.UUID;

/** A dataset with its current number of images. */
public record DatasetSummary(UUID id, String name, String description, Instant createdAt, long imageCount) {
}
