package dev.inspection.cli.report;

import dev.inspection.core.metrics.F1Result;
import dev.inspection.core.metrics.PrCurve;
import dev.inspection.core.metrics.RocCurve;
import dev.inspection.core.metrics.ScoreHistogram;
import java.awt.Color;
import java.util.Locale;

/** The report's charts as {@value ChartFrame#WIDTH}x{@value ChartFrame#HEIGHT} PNGs. */
public final class ReportCharts {

    static final Color IMAGE_COLOR = new Color(0x1f, 0x77, 0xb4);
    static final Color PIXEL_COLOR = new Color(0xff, 0x7f, 0x0e);
    static final Color NORMAL_FILL = new Color(0x1f, 0x77, 0xb4, 150);
    static final Color ANOMALOUS_FILL = new Color(0xd6, 0x27, 0x28, 150);
    static final Color THRESHOLD_COLOR = new Color(0x22, 0x22, 0x22);
    static final Color F1_COLOR = new Color(0xd6, 0x27, 0x28);
    private static final Color CHANCE_COLOR = new Color(0x99, 0x99, 0x99);

    private ReportCharts() {
    }

    /**
     * ROC curves: the image curve, and the pixel curve when it has points.
     *
     * @throws IllegalArgumentException if the image curve is empty
     */
    public static byte[] roc(RocCurve imageRoc, double imageAuroc, RocCurve pixelRoc, double pixelAuroc) {
        if (imageRoc == null || imageRoc.size() == 0) {
            throw new IllegalArgumentException("the image ROC curve has no points");
        }
        ChartFrame frame = new ChartFrame("ROC curve", "false positive rate", "true positive rate", 0, 1, 0, 1.02);
        frame.polyline(new double[] {0, 1}, new double[] {0, 1}, CHANCE_COLOR, 1f, true, null);
        if (pixelRoc != null && pixelRoc.size() > 0) {
            frame.polyline(pixelRoc.fpr(), pixelRoc.tpr(), PIXEL_COLOR, 2f, false,
                    "pixel AUROC " + ReportFormat.metric(pixelAuroc));
        }
        frame.polyline(imageRoc.fpr(), imageRoc.tpr(), IMAGE_COLOR, 2.5f, false,
                "image AUROC " + ReportFormat.metric(imageAuroc));
        return frame.toPng(ChartFrame.Corner.LOWER_RIGHT);
    }

    /**
     * The image precision-recall curve with its F1-max point and the chance level (the anomalous
     * fraction).
     *
     * @throws IllegalArgumentException if the curve is empty
     */
    public static byte[] precisionRecall(PrCurve imagePr, F1Result imageF1, double anomalousFraction) {
        if (imagePr == null || imagePr.size() == 0) {
            throw new IllegalArgumentException("the image precision-recall curve has no points");
        }
        ChartFrame frame = new ChartFrame("Precision-recall (image)", "recall", "precision", 0, 1, 0, 1.02);
        frame.polyline(new double[] {0, 1}, new double[] {anomalousFraction, anomalousFraction}, CHANCE_COLOR, 1f,
                true, "chance " + ReportFormat.metric(anomalousFraction));
        frame.polyline(imagePr.recall(), imagePr.precision(), IMAGE_COLOR, 2.5f, false, "image PR");
        if (imageF1 != null && Double.isFinite(imageF1.recall()) && Double.isFinite(imageF1.precision())) {
            frame.marker(imageF1.recall(), imageF1.precision(), F1_COLOR, "F1-max " + ReportFormat.metric(imageF1.f1())
                    + " at " + ReportFormat.score(imageF1.threshold()));
        }
        return frame.toPng(ChartFrame.Corner.LOWER_LEFT);
    }

    /**
     * Histogram of raw image scores, normal vs anomalous, with the decision threshold.
     *
     * @throws IllegalArgumentException if the histogram has no bins or the threshold is not finite
     */
    public static byte[] histogram(ScoreHistogram histogram, double decisionThreshold) {
        if (histogram == null || histogram.bins() == 0) {
            throw new IllegalArgumentException("the score histogram has no bins");
        }
        if (!Double.isFinite(decisionThreshold)) {
            throw new IllegalArgumentException("decision threshold must be finite, got " + decisionThreshold);
        }
        double lo = Math.min(histogram.min(), decisionThreshold);
        double hi = Math.max(histogram.max(), decisionThreshold);
        double span = hi - lo;
        double pad = span > 0 ? span * 0.04 : Math.max(1e-3, Math.abs(hi) * 0.05);
        long tallest = 1;
        for (int b = 0; b < histogram.bins(); b++) {
            tallest = Math.max(tallest, Math.max(histogram.normal()[b], histogram.anomalous()[b]));
        }
        ChartFrame frame = new ChartFrame("Image scores", "raw image score", "images", lo - pad, hi + pad, 0,
                tallest * 1.12, 1);
        double binWidth = (histogram.max() - histogram.min()) / histogram.bins();
        if (!(binWidth > 0)) {
            binWidth = pad; // all scores equal: one visible bar at that score
        }
        for (int b = 0; b < histogram.bins(); b++) {
            double start = histogram.max() > histogram.min() ? histogram.binStart(b) : histogram.min() - binWidth / 2;
            frame.bar(start, start + binWidth, histogram.normal()[b], NORMAL_FILL);
            frame.bar(start, start + binWidth, histogram.anomalous()[b], ANOMALOUS_FILL);
        }
        frame.legendSwatch(String.format(Locale.ROOT, "normal (%d)", sum(histogram.normal())), NORMAL_FILL);
        frame.legendSwatch(String.format(Locale.ROOT, "anomalous (%d)", sum(histogram.anomalous())), ANOMALOUS_FILL);
        frame.verticalLine(decisionThreshold, THRESHOLD_COLOR, true,
                "threshold " + ReportFormat.score(decisionThreshold));
        return frame.toPng(ChartFrame.Corner.UPPER_RIGHT);
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
