package dev.inspection.feature.extraction;

import dev.inspection.core.image.ImageInfo;

import java.util.List;

/**
 * Features of one image.
 *
 * @param inputInfo       the decoded image's size and format, before preprocessing
 * @param patchEmbeddings [gridHeight * gridWidth, embedDim] row-major, or null when not asked for
 * @param levelMaps       the level maps asked for, in request order
 */
public record ExtractionResult(ImageInfo inputInfo, float[] patchEmbeddings, int gridHeight, int gridWidth, int embedDim,
                               int patchStride, List<LevelMap> levelMaps, StageTimes times) {
}
