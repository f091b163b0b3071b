package dev.inspection.dataset.persistence;

import java.time.Instant;
import java.util.UUID;

/** A snapshot's header, detached from the persistence context. */
public record SnapshotView(UUID id, UUID datasetId, String description, Instant createdAt, String contentDigest,
                           long imageCount) {
}
