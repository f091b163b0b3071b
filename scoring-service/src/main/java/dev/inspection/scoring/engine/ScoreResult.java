package dev.inspection.scoring.engine;

import dev.inspection.api.model.v1.Method;
import dev.inspection.core.postprocess.DefectRegion;

import java.util.List;

/**
 * The outcome of scoring one image. Optional outputs are null (or empty) when not asked for.
 *
 * @param normalisedMap normalised pixel scores [mapSize * mapSize], always present
 * @param rawMapFloat32 raw pixel scores before calibration, little-endian float32 bytes
 */
public record ScoreResult(String modelName, int modelVersion, Method method, double score, double rawScore,
                          boolean anomalous, double threshold, int mapSize, float[] normalisedMap,
                          byte[] heatmapPng, byte[] overlayPng, byte[] maskPng, byte[] mapFloat16,
                          byte[] rawMapFloat32, List<DefectRegion> regions, StageTimes timings) {

    /** Server-side microseconds per stage. */
    public record StageTimes(long featuresUs, long headUs, long postprocessUs, long totalUs) {
    }
}
