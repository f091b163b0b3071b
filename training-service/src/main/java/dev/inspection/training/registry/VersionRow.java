package dev.inspection.training.registry;

import java.time.Instant;

/** A committed model version as the database holds it. */
public record VersionRow(String modelName, int version, String method, String jobId, String snapshotId,
                         String manifestJson, boolean active, Instant createdAt) {
}
