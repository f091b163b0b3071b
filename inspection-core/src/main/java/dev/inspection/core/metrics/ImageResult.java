package dev.inspection.core.metrics;

/**
 * What the evaluation needs of one test image.
 *
 * @param rawImageScore raw image score (higher = more anomalous)
 * @param anomalous     ground-truth label
 * @param defectType    defect type of an anomalous image (e.g. "broken_large"); ignored for normals,
 *                      may be null
 * @param pixelMap      raw pixel map ({@code height * width}), or null when pixel metrics are not wanted
 * @param mask          ground-truth mask (non-zero = defect) of an anomalous image; null for normal
 *                      images (all normal) and for anomalous images without pixel ground truth, which
 *                      are then left out of pixel metrics
 */
public record ImageResult(double rawImageScore, boolean anomalous, String defectType, float[] pixelMap, byte[] mask) {
}
