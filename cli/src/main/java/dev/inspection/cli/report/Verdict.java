package dev.inspection.cli.report;

/** The confusion-matrix cell of one image (positive = anomalous). */
public enum Verdict {
    TRUE_POSITIVE("TP", "anomaly found"),
    FALSE_POSITIVE("FP", "false alarm"),
    TRUE_NEGATIVE("TN", "normal passed"),
    FALSE_NEGATIVE("FN", "anomaly missed");

    private final String code;
    private final String description;

    Verdict(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Two-letter code used in the JSON and the gallery badges ("TP", "FP", "TN", "FN"). */
    public String code() {
        return code;
    }

    /** A few words for people. */
    public String description() {
        return description;
    }

    public boolean isError() {
        return this == FALSE_POSITIVE || this == FALSE_NEGATIVE;
    }

    public static Verdict of(boolean anomalous, boolean predictedAnomalous) {
        if (anomalous) {
            return predictedAnomalous ? TRUE_POSITIVE : FALSE_NEGATIVE;
        }
        return predictedAnomalous ? FALSE_POSITIVE : TRUE_NEGATIVE;
    }
}
