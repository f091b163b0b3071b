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
        if (interactive) {
            int filled = (int) Math.round(fraction * WIDTH);
            out.printf("\r%s [%s%s] %d/%d %s%s", label, "#".repeat(filled), " ".repeat(WIDTH - filled), done, total,
                    eta(fraction), trim(detail));
            out.flush();
        } else {
            int decile = (int) Math.floor(fraction * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.printf("%s %3d%% (%d/%d) %s%n", label, decile * 10, done, total, eta(fraction));
            }
        }
    }

    public void finish() {
        if (interactive) {
            out.println();
        }
    }

    private String eta(double fraction) {
        if (fraction <= 0 || fraction >= 1) {
            return "";
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        return String.format("ETA %.0fs ", elapsed / fraction - elapsed);
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() > 40 ? "..." + oneLine.substring(oneLine.length() - 37) : String.format("%-40s", oneLine);
    }
}
