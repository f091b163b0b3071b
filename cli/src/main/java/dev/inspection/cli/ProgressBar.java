package dev.inspection.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal; on a pipe or a CI log, a line at each 10 % instead, so
 * logs stay readable.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private int lastDecile = -1;

    public ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
        this.interactive = System.console() != null;
    }

    public void update(long done, long total, String detail) {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        draw(fraction, done + "/" + total, etaFromElapsed(fraction), detail);
    }

    /**
     * Shows a fraction whose ETA the server estimated (a training job knows its phases better than the
     * elapsed time does); a zero, NaN or negative ETA (not estimated yet) falls back to the elapsed-time estimate.
     */
    public void update(double fraction, double etaSeconds, String detail) {
        double f = Double.isFinite(fraction) ? Math.max(0, Math.min(1.0, fraction)) : 0;
        String eta = etaSeconds > 0 && Double.isFinite(etaSeconds) && f < 1
                ? String.format("ETA %s ", formatSeconds(etaSeconds)) : etaFromElapsed(f);
        draw(f, null, eta, detail);
    }

    /** {@code count} is "done/total", or null where only the fraction is known. */
    private void draw(double fraction, String count, String eta, String detail) {
        if (interactive) {
            int filled = (int) Math.round(fraction * WIDTH);
            out.printf("\r%s [%s%s] %s %s%s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                    count != null ? count : String.format("%3.0f%%", fraction * 100), eta, trim(detail));
            out.flush();
        } else {
            int decile = (int) Math.floor(fraction * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.printf("%s %3d%% %s%s%s%n", label, decile * 10, count != null ? "(" + count + ") " : "", eta,
                        detail == null ? "" : detail);
            }
        }
    }

    /** "42s", "3m05s", "1h02m". */
    static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    public void finish() {
        if (interactive) {
            out.println();
        }
    }

    private String etaFromElapsed(double fraction) {
        if (fraction <= 0 || fraction >= 1) {
            return "";
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        return String.format("ETA %s ", formatSeconds(elapsed / fraction - elapsed));
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() > 40 ? "..." + oneLine.substring(oneLine.length() - 37) : String.format("%-40s", oneLine);
    }
}
