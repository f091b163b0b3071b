package dev.inspection.feature.extraction;

/** Nanoseconds an image spent in each stage, and the size of the backbone batch it ran in. */
public record StageTimes(long decodeNanos, long preprocessNanos, long queueNanos, long backboneNanos,
                         long aggregationNanos, int batchSize) {
}
