package dev.inspection.cli.report;

/**
 * The data a report evaluates.
 *
 * @param name       dataset name (e.g. "mvtec-bottle")
 * @param category   object category (e.g. "bottle"); may equal the name
 * @param snapshotId id of the frozen dataset snapshot the model was trained and tested on
 */
public record ReportDataset(String name, String category, String snapshotId) {

    public ReportDataset {
        ReportChecks.requireText("dataset name", name);
        ReportChecks.requireText("dataset category", category);
        ReportChecks.requireText("dataset snapshot id", snapshotId);
    }
}
