package dev.inspection.core.metrics;

import java.util.Arrays;

/**
 * One descending sweep over the distinct thresholds of {@link RankedScores}, computing ROC AUC,
 * F1-max, the standard PRO and downsampled curves together.
 *
 * <p>At each distinct score {@code t} (highest first) every sample with {@code score >= t} is
 * predicted positive; tied scores move together, which is how sklearn handles ties. Hence:
 * <ul>
 *   <li>AUROC is the trapezoid area under (fpr, tpr) from (0, 0), computed exactly in integer
 *       arithmetic: {@code sum dFP * (TP + TP_prev) / (2 P N)}.</li>
 *   <li>F1 at a threshold is {@code 2 TP / (TP + FP + P)} (= 2PR/(P+R), 0 when TP = 0).</li>
 *   <li>PRO(t) = mean over all ground-truth regions of the region's detected fraction, which is the
 *       sum of the positives' region weights; FPR(t) = FP / N over all normal pixels. The curve from
 *       (0, 0) is integrated with trapezoids up to the FPR limit, interpolating linearly at the limit,
 *       and divided by the limit (MVTec AD protocol; no dilation).</li>
 * </ul>
 */
public final class ThresholdSweep {

    /** The MVTec protocol's FPR limit for PRO. */
    public static final double DEFAULT_PRO_FPR_LIMIT = 0.3;

    private ThresholdSweep() {
    }

    /**
     * Sweeps the scores.
     *
     * @param scores         ranked scores (with regions for PRO)
     * @param maxCurvePoints maximum points of the returned ROC / PR curves; 0 returns no curves,
     *                       otherwise at least 3
     * @param proFprLimit    FPR up to which PRO is integrated, in (0, 1]
     */
    public static SweepResult sweep(RankedScores scores, int maxCurvePoints, double proFprLimit) {
        if (maxCurvePoints != 0 && maxCurvePoints < 3) {
            throw new IllegalArgumentException("maxCurvePoints must be 0 or >= 3, got " + maxCurvePoints);
        }
        if (!(proFprLimit > 0 && proFprLimit <= 1)) {
            throw new IllegalArgumentException("proFprLimit must be in (0, 1], got " + proFprLimit);
        }
        final double[] pos = scores.positives;
        final double[] neg = scores.negatives;
        final int[] posRegion = scores.positiveRegion;
        final long totalPos = pos.length;
        final long totalNeg = neg.length;
        final boolean withPro = scores.regionCount() > 0 && totalNeg > 0;
        // A detected pixel adds 1 / (its region's area * regions) to the mean overlap.
        final double[] regionWeight = withPro ? regionWeights(scores.regionArea) : null;

        CurveSampler sampler = maxCurvePoints == 0 ? null : new CurveSampler(maxCurvePoints, totalPos, totalNeg);
        int i = pos.length - 1;
        int j = neg.length - 1;
        long tp = 0;
        long fp = 0;
        long prevTp = 0;
        long prevFp = 0;
        long aucTwice = 0;
        double bestF1 = totalPos > 0 ? 0.0 : Double.NaN;
        double bestThreshold = Double.NaN;
        long bestTp = 0;
        long bestFp = 0;
        double pro = 0.0;
        double prevFpr = 0.0;
        double prevPro = 0.0;
        double proArea = 0.0;
        boolean proDone = !withPro;

        while (i >= 0 || j >= 0) {
            double t;
            if (i < 0) {
                t = neg[j];
            } else if (j < 0) {
                t = pos[i];
            } else {
                t = Math.max(pos[i], neg[j]);
            }
            while (i >= 0 && pos[i] == t) {
                if (withPro) {
                    pro += regionWeight[posRegion[i]];
                }
                tp++;
                i--;
            }
            while (j >= 0 && neg[j] == t) {
                fp++;
                j--;
            }
            aucTwice += (fp - prevFp) * (tp + prevTp);
            if (totalPos > 0) {
                double f1 = tp == 0 ? 0.0 : 2.0 * tp / (double) (tp + fp + totalPos);
                if (f1 >= bestF1) { // >= : on ties keep the lower threshold, as sklearn's argmax does
                    bestF1 = f1;
                    bestThreshold = t;
                    bestTp = tp;
                    bestFp = fp;
                }
            }
            if (!proDone) {
                double fpr = (double) fp / totalNeg;
                if (fpr <= proFprLimit) {
                    proArea += (fpr - prevFpr) * (pro + prevPro) * 0.5;
                } else {
                    double proAtLimit = prevPro + (pro - prevPro) * (proFprLimit - prevFpr) / (fpr - prevFpr);
                    proArea += (proFprLimit - prevFpr) * (proAtLimit + prevPro) * 0.5;
                    proDone = true;
                }
                prevFpr = fpr;
                prevPro = pro;
            }
            if (sampler != null) {
                sampler.offer(t, tp, fp, i < 0 && j < 0);
            }
            prevTp = tp;
            prevFp = fp;
        }
        double auroc = totalPos > 0 && totalNeg > 0
                ? (double) aucTwice / (2.0 * (double) totalPos * (double) totalNeg) : Double.NaN;
        F1Result f1 = new F1Result(bestF1, bestThreshold,
                bestTp + bestFp == 0 ? Double.NaN : (double) bestTp / (bestTp + bestFp),
                totalPos == 0 ? Double.NaN : (double) bestTp / totalPos);
        double proValue = withPro ? proArea / proFprLimit : Double.NaN;
        RocCurve roc = sampler == null ? new RocCurve(new double[0], new double[0], new double[0]) : sampler.roc();
        PrCurve pr = sampler == null ? new PrCurve(new double[0], new double[0], new double[0]) : sampler.pr();
        return new SweepResult(auroc, f1, proValue, roc, pr);
    }

    private static double[] regionWeights(int[] area) {
        double[] weight = new double[area.length];
        for (int r = 0; r < area.length; r++) {
            weight[r] = 1.0 / ((double) area[r] * area.length);
        }
        return weight;
    }

    /**
     * Keeps at most {@code maxPoints} curve points: the start (0, 0), the end, and in between a point
     * whenever the ROC path (|dFPR| + |dTPR|, total length 2) has advanced by {@code 2 / (maxPoints - 2)}
     * since the last kept point.
     */
    private static final class CurveSampler {
        private final double step;
        private final double totalPos;
        private final double totalNeg;
        private final double[] fpr;
        private final double[] tpr;
        private final double[] thresholds;
        private final double[] precision;
        private final double[] recall;
        private int count;
        private double lastFpr;
        private double lastTpr;

        CurveSampler(int maxPoints, long totalPos, long totalNeg) {
            this.step = 2.0 / (maxPoints - 2);
            this.totalPos = totalPos;
            this.totalNeg = totalNeg;
            fpr = new double[maxPoints];
            tpr = new double[maxPoints];
            thresholds = new double[maxPoints];
            precision = new double[maxPoints];
            recall = new double[maxPoints];
            fpr[0] = 0;
            tpr[0] = 0;
            thresholds[0] = Double.POSITIVE_INFINITY;
            count = 1;
        }

        void offer(double threshold, long tp, long fp, boolean last) {
            double x = totalNeg > 0 ? fp / totalNeg : Double.NaN;
            double y = totalPos > 0 ? tp / totalPos : Double.NaN;
            double moved = Math.abs(x - lastFpr) + Math.abs(y - lastTpr);
            boolean room = count < fpr.length - 1; // the last slot is reserved for the end point
            if (last || (room && (moved >= step || Double.isNaN(moved)))) {
                fpr[count] = x;
                tpr[count] = y;
                thresholds[count] = threshold;
                precision[count] = (double) tp / (tp + fp);
                recall[count] = y;
                count++;
                lastFpr = x;
                lastTpr = y;
            }
        }

        RocCurve roc() {
            return new RocCurve(Arrays.copyOf(fpr, count), Arrays.copyOf(tpr, count),
                    Arrays.copyOf(thresholds, count));
        }

        /** PR points at the kept thresholds, without the (0, 0) start which has no precision. */
        PrCurve pr() {
            return new PrCurve(Arrays.copyOfRange(precision, 1, count),
                    Arrays.copyOfRange(recall, 1, count),
                    Arrays.copyOfRange(thresholds, 1, count));
        }
    }
}
