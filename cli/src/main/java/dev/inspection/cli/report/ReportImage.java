package dev.inspection.cli.report;

/**
 * One scored test image. The byte arrays are PNG files; they are not copied, so the caller must not
 * change them afterwards.
 *
 * @param imageId            dataset image id
 * @param sourceName         file name in the source dataset (e.g. "broken_large/000.png")
 * @param split              dataset split (e.g. "test")
 * @param anomalous          ground-truth label
 * @param defectType         defect type of an anomalous image (e.g. "broken_large"); for normal images
 *                           "good" or null
 * @param rawScore           raw image score (higher = more anomalous)
 * @param normalisedScore    normalised image score in [0, 1], 0.5 = decision line
 * @param predictedAnomalous the verdict the model gave at the report's decision threshold
 * @param overlayPng         heatmap blended over the image (required)
 * @param maskPng            ground-truth mask, or null when there is none
 * @param heatmapPng         the heatmap alone, or null
 */
public record ReportImage(String imageId, String sourceName, String split, boolean anomalous, String defectType,
                          double rawScore, double normalisedScore, boolean predictedAnomalous,
                          byte[] overlayPng, byte[] maskPng, byte[] heatmapPng) {

    public ReportImage {
        ReportChecks.requireText("image id", imageId);
        ReportChecks.requireText("source name of image " + imageId, sourceName);
        ReportChecks.requireText("split of image " + imageId, split);
        if (anomalous && (defectType == null || defectType.isBlank())) {
            throw new IllegalArgumentException("anomalous image " + imageId + " has no defect type");
        }
        if (!Double.isFinite(rawScore)) {
            throw new IllegalArgumentException("raw score of image " + imageId + " is not finite: " + rawScore);
        }
        if (!(normalisedScore >= 0 && normalisedScore <= 1)) {
            throw new IllegalArgumentException("normalised score of image " + imageId + " must be in [0, 1], got "
                    + normalisedScore);
        }
        if (overlayPng == null || overlayPng.length == 0) {
            throw new IllegalArgumentException("image " + imageId + " has no overlay PNG");
        }
    }

    /** Where this image lands in the confusion matrix. */
    public Verdict verdict() {
        return Verdict.of(anomalous, predictedAnomalous);
    }
}
