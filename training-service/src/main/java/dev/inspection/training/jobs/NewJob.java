package dev.inspection.training.jobs;

import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.model.v1.Method;
import java.util.SortedMap;

/** A validated StartJob request, ready to be stored as QUEUED. */
public record NewJob(String modelName, Method method, String datasetId, String snapshotId, String preset,
                     SortedMap<String, String> config, Preprocessing preprocessing, String backboneId,
                     boolean activate, long seed) {
}
