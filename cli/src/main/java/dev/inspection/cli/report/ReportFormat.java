package dev.inspection.cli.report;

import java.util.Locale;

/** Number formatting shared by the HTML page and the charts (dot decimals, a dash for NaN). */
final class ReportFormat {

    static final String MISSING = "\u2013";

    private ReportFormat() {
    }

    /** A metric in [0, 1] with three decimals. */
    static String metric(double value) {
        return Double.isNaN(value) ? MISSING : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A metric as a percentage with one decimal. */
    static String percent(double value) {
        return Double.isNaN(value) ? MISSING : String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }

    /** A raw score: four significant digits, scientific only for very large or small magnitudes. */
    static String score(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude >= 1e5 || magnitude < 1e-3)) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        return String.format(Locale.ROOT, "%.4g", value).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }

    /** A throughput or duration with one decimal. */
    static String amount(double value, String unit) {
        return Double.isNaN(value) ? MISSING : String.format(Locale.ROOT, "%.1f %s", value, unit);
    }
}
