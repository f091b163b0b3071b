package dev.inspection.cli.report;

/** Argument checks shared by the report records. */
final class ReportChecks {

    private ReportChecks() {
    }

    static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }
}
