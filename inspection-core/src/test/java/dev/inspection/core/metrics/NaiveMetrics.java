package dev.inspection.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Straightforward O(n^2) / O(n * thresholds) reference implementations for the randomized tests. */
final class NaiveMetrics {

    private NaiveMetrics() {
    }

    /** Mann-Whitney form of the ROC AUC: P(pos > neg) + 0.5 P(pos == neg), over all pairs. */
    static double auroc(double[] scores, boolean[] positive) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!positive[i]) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (positive[j]) {
                    continue;
                }
                pairs++;
                if (scores[i] > scores[j]) {
                    wins += 1;
                } else if (scores[i] == scores[j]) {
                    wins += 0.5;
                }
            }
        }
        return wins / pairs;
    }

    /** Distinct scores, descending. */
    static double[] thresholdsDescending(double[] scores) {
        double[] t = Arrays.stream(scores).distinct().sorted().toArray();
        for (int i = 0; i < t.length / 2; i++) {
            double tmp = t[i];
            t[i] = t[t.length - 1 - i];
            t[t.length - 1 - i] = tmp;
        }
        return t;
    }

    /** {f1, threshold}: F1 = 2PR/(P+R) at every distinct threshold; the lowest threshold on ties. */
    static double[] f1Max(double[] scores, boolean[] positive) {
        long p = 0;
        for (boolean b : positive) {
            if (b) {
                p++;
            }
        }
        double best = -1;
        double bestT = Double.NaN;
        for (double t : thresholdsDescending(scores)) {
            long tp = 0;
            long fp = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= t) {
                    if (positive[i]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            double precision = (double) tp / (tp + fp);
            double recall = (double) tp / p;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (f1 >= best - 1e-15) {
                best = f1;
                bestT = t;
            }
        }
        return new double[] {best, bestT};
    }

    /**
     * Standard PRO: regions by naive 8-neighbour label propagation, overlap and FPR at every distinct
     * threshold, trapezoids from (0, 0) to the FPR limit with linear interpolation, divided by the limit.
     */
    static double pro(List<float[]> maps, List<byte[]> masks, int h, int w, double limit) {
        List<int[]> regionPixels = new ArrayList<>(); // {image, pixel, image, pixel, ...} per region
        List<Double> normalScores = new ArrayList<>();
        List<Double> allScores = new ArrayList<>();
        List<List<Float>> regionScores = new ArrayList<>();
        for (int m = 0; m < maps.size(); m++) {
            float[] map = maps.get(m);
            byte[] mask = masks.get(m);
            int[] labels = naiveLabels(mask, h, w);
            java.util.Map<Integer, List<Float>> byLabel = new java.util.TreeMap<>();
            for (int i = 0; i < map.length; i++) {
                allScores.add((double) map[i]);
                if (labels[i] == 0) {
                    normalScores.add((double) map[i]);
                } else {
                    byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(map[i]);
                }
            }
            regionScores.addAll(byLabel.values());
        }
        double[] thresholds = thresholdsDescending(allScores.stream().mapToDouble(Double::doubleValue).toArray());
        double prevFpr = 0;
        double prevPro = 0;
        double area = 0;
        for (double t : thresholds) {
            long fp = normalScores.stream().filter(s -> s >= t).count();
            double fpr = (double) fp / normalScores.size();
            double pro = 0;
            for (List<Float> region : regionScores) {
                pro += (double) region.stream().filter(s -> s >= t).count() / region.size();
            }
            pro /= regionScores.size();
            if (fpr <= limit) {
                area += (fpr - prevFpr) * (pro + prevPro) / 2;
            } else {
                double atLimit = prevPro + (pro - prevPro) * (limit - prevFpr) / (fpr - prevFpr);
                area += (limit - prevFpr) * (atLimit + prevPro) / 2;
                break;
            }
            prevFpr = fpr;
            prevPro = pro;
        }
        return area / limit;
    }

    /** Each foreground pixel repeatedly takes the smallest label of its 8-neighbourhood until stable. */
    static int[] naiveLabels(byte[] mask, int h, int w) {
        int[] labels = new int[h * w];
        if (mask == null) {
            return labels;
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = mask[i] != 0 ? i + 1 : 0;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (labels[p] == 0) {
                        continue;
                    }
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int ny = y + dy;
                            int nx = x + dx;
                            if (ny >= 0 && ny < h && nx >= 0 && nx < w) {
                                int q = labels[ny * w + nx];
                                if (q != 0 && q < labels[p]) {
                                    labels[p] = q;
                                    changed = true;
                                }
                            }
                        }
                    }
                }
            }
        }
        return labels;
    }
}
