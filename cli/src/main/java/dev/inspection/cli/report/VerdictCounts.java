package dev.inspection.cli.report;

import java.util.Collection;

/** Confusion-matrix counts of a group of images at the report's decision threshold. */
public record VerdictCounts(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    public static VerdictCounts of(Collection<ReportImage> images) {
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (ReportImage image : images) {
            switch (image.verdict()) {
                case TRUE_POSITIVE -> tp++;
                case FALSE_POSITIVE -> fp++;
                case TRUE_NEGATIVE -> tn++;
                case FALSE_NEGATIVE -> fn++;
            }
        }
        return new VerdictCounts(tp, fp, tn, fn);
    }

    public int total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** Fraction of images classified correctly; NaN for an empty group. */
    public double accuracy() {
        int total = total();
        return total == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / total;
    }
}
