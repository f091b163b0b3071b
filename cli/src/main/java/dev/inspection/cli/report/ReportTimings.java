package dev.inspection.cli.report;

/**
 * How long the main job's stages took. NaN marks a figure that was not measured; it is written as
 * JSON null and shown as a dash.
 *
 * @param featureExtractionImagesPerSecond backbone feature extraction throughput (images/s)
 * @param trainingSeconds                  wall time of the training job (s)
 * @param scoringImagesPerSecond           scoring throughput over the test split (images/s)
 * @param totalWallSeconds                 wall time of the whole job (s)
 */
public record ReportTimings(double featureExtractionImagesPerSecond, double trainingSeconds,
                            double scoringImagesPerSecond, double totalWallSeconds) {

    public ReportTimings {
        requireMeasure("feature extraction images/s", featureExtractionImagesPerSecond);
        requireMeasure("training seconds", trainingSeconds);
        requireMeasure("scoring images/s", scoringImagesPerSecond);
        requireMeasure("total wall seconds", totalWallSeconds);
    }

    private static void requireMeasure(String name, double value) {
        if (!Double.isNaN(value) && !(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be finite and >= 0 (or NaN if unknown), got " + value);
        }
    }
}
