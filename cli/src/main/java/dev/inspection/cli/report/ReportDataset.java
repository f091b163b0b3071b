package dev.inspection.cli.report;

import java.util.List;

/**
 * The data a report evaluates.
 *
 * @param name                    dataset name (e.g. "mvtec-bottle")
 * @param category                object category (e.g. "bottle"); may equal the name
 * @param snapshotId              id of the frozen dataset snapshot the model was trained and tested on
 * @param excludedKnownAnomalies  source names of the labelled anomalies the model was trained on (BGAD's
 *                                known anomalies), left out of every metric and of the gallery; empty
 *                                for unsupervised methods
 */
public record ReportDataset(String name, String category, String snapshotId, List<String> excludedKnownAnomalies) {

    public ReportDataset {
        ReportChecks.requireText("dataset name", name);
        ReportChecks.requireText("dataset category", category);
        ReportChecks.requireText("dataset snapshot id", snapshotId);
        if (excludedKnownAnomalies == null) {
            throw new IllegalArgumentException("the list of excluded known anomalies is missing (empty when none)");
        }
        excludedKnownAnomalies = List.copyOf(excludedKnownAnomalies);
    }

    /** A dataset whose whole test split is evaluated. */
    public ReportDataset(String name, String category, String snapshotId) {
        this(name, category, snapshotId, List.of());
    }
}
