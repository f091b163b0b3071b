package dev.inspection.training.jobs;

import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import java.time.Instant;
import java.util.SortedMap;

/**
 * A training job as stored.
 *
 * @param snapshotId        "" until the SNAPSHOT phase froze one (or the request named one)
 * @param config            effective hyperparameters (preset + overrides), canonical text
 * @param preprocessing     the request's preprocessing override, or null for the backbone default
 * @param backboneId        "" = the feature service's default backbone
 * @param registeredVersion 0 until SUCCEEDED
 * @param startedAt         null while QUEUED
 * @param finishedAt        null until a final state
 */
public record JobRecord(String id, String modelName, Method method, JobState state, JobPhase phase, String datasetId,
                        String snapshotId, String preset, SortedMap<String, String> config, Preprocessing preprocessing,
                        String backboneId, boolean activate, long seed, String error, int registeredVersion,
                        Instant createdAt, Instant startedAt, Instant finishedAt) {
}
