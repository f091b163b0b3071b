package dev.inspection.core.metrics;

/**
 * Metrics of one group of images (all, or one defect type against all normals). Undefined metrics
 * (e.g. AUROC with one class, pixel metrics without maps) are NaN.
 *
 * @param images            images in the group
 * @param anomalousImages   anomalous images in the group
 * @param imageAuroc        image-level ROC AUC
 * @param imageF1           image-level F1-max and its raw threshold
 * @param pixelAuroc        pixel-level ROC AUC
 * @param pixelF1           pixel-level F1-max and its raw threshold
 * @param pro               standard PRO to FPR 0.3 (normalised)
 */
public record MetricSet(int images, int anomalousImages, double imageAuroc, F1Result imageF1,
                        double pixelAuroc, F1Result pixelF1, double pro) {
}
