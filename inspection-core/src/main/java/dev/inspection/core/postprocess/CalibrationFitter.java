package dev.inspection.core.postprocess;

import dev.inspection.core.metrics.F1Max;
import dev.inspection.core.metrics.F1Result;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits a {@link ScoreCalibration} from <b>held-out</b> images (a validation split; never the test
 * set, whose numbers would then be tuned on themselves).
 *
 * <p>Image threshold:
 * <ul>
 *   <li>with labelled anomalous held-out scores: the F1-max threshold over normals + anomalies
 *       (sklearn's precision-recall curve; scores {@code >=} it are anomalous);</li>
 *   <li>normals only: {@code max(quantile_q(normals), mean + k * std)} with q = 0.99 and k = 3 by
 *       default (numpy's linear-interpolation quantile, population std). The quantile alone is
 *       almost the maximum of a small validation set and would flag the next unusual normal; the
 *       {@code mean + k std} term keeps a margin that does not shrink with the set size.</li>
 * </ul>
 * Image scale: {@code threshold - median(normals)}, so a typical normal image maps to 0 and the
 * threshold to 0.5; floored at {@code 1e-6 * max(1, |threshold|)} so normalisation never divides by 0.
 *
 * <p>Pixel threshold: the {@code 0.999} quantile of all pixels of the held-out normal maps (a normal
 * image then flags about 0.1 % of its pixels); pixel scale {@code threshold - median(normal pixels)},
 * floored the same way.
 */
public final class CalibrationFitter {

    /**
     * Fitting rule parameters.
     *
     * @param imageQuantile   quantile of the normal image scores, in (0, 1)
     * @param stdMultiplier   k in {@code mean + k * std}, &gt;= 0
     * @param pixelQuantile   quantile of the normal pixel scores, in (0, 1)
     */
    public record Config(double imageQuantile, double stdMultiplier, double pixelQuantile) {

        /** q = 0.99, k = 3, pixel q = 0.999. */
        public static Config defaults() {
            return new Config(0.99, 3.0, 0.999);
        }

        /** @throws IllegalArgumentException for a quantile outside (0, 1) or a negative multiplier */
        public Config {
            if (!(imageQuantile > 0 && imageQuantile < 1)) {
                throw new IllegalArgumentException("imageQuantile must be in (0, 1), got " + imageQuantile);
            }
            if (!(stdMultiplier >= 0) || !Double.isFinite(stdMultiplier)) {
                throw new IllegalArgumentException("stdMultiplier must be finite and >= 0, got " + stdMultiplier);
            }
            if (!(pixelQuantile > 0 && pixelQuantile < 1)) {
                throw new IllegalArgumentException("pixelQuantile must be in (0, 1), got " + pixelQuantile);
            }
        }
    }

    private final Config config;

    public CalibrationFitter() {
        this(Config.defaults());
    }

    public CalibrationFitter(Config config) {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.config = config;
    }

    /**
     * Fits the calibration.
     *
     * @param normalImageScores    raw image scores of held-out normal images (at least 2)
     * @param anomalousImageScores raw image scores of held-out labelled anomalies; null or empty for none
     * @param normalPixelMaps      raw pixel maps of held-out normal images (at least one)
     * @throws IllegalArgumentException on too few scores or maps, or a non-finite score
     */
    public CalibrationFit fit(double[] normalImageScores, double[] anomalousImageScores, List<float[]> normalPixelMaps) {
        if (normalImageScores == null || normalImageScores.length < 2) {
            throw new IllegalArgumentException("calibration needs at least 2 held-out normal image scores, got "
                    + (normalImageScores == null ? 0 : normalImageScores.length));
        }
        double[] normals = sortedFinite("normal image score", normalImageScores);
        double[] anomalies = anomalousImageScores == null ? new double[0]
                : sortedFinite("anomalous image score", anomalousImageScores);
        double mean = mean(normals);
        double std = populationStd(normals, mean);
        double median = quantile(normals, 0.5);

        StringBuilder rule = new StringBuilder();
        double imageThreshold;
        if (anomalies.length > 0) {
            F1Result f1 = F1Max.of(concat(normals, anomalies), labels(normals.length, anomalies.length));
            imageThreshold = f1.threshold();
            rule.append(String.format(Locale.ROOT,
                    "image threshold = F1-max threshold over %d held-out normal + %d anomalous images = %.6g (F1 %.4f)",
                    normals.length, anomalies.length, imageThreshold, f1.f1()));
        } else {
            double q = quantile(normals, config.imageQuantile());
            double spread = mean + config.stdMultiplier() * std;
            imageThreshold = Math.max(q, spread);
            rule.append(String.format(Locale.ROOT,
                    "image threshold = max(q%s, mean + %s*std) of %d held-out normal scores = max(%.6g, %.6g) = %.6g",
                    trim(config.imageQuantile()), trim(config.stdMultiplier()), normals.length, q, spread,
                    imageThreshold));
        }
        double imageScale = floorScale(imageThreshold - median, imageThreshold);
        rule.append(String.format(Locale.ROOT, "; image scale = threshold - median(normals) = %.6g", imageScale));

        float[] pixels = sortedNormalPixels(normalPixelMaps);
        double pixelThreshold = quantile(pixels, config.pixelQuantile());
        double pixelScale = floorScale(pixelThreshold - quantile(pixels, 0.5), pixelThreshold);
        rule.append(String.format(Locale.ROOT,
                "; pixel threshold = q%s of %d normal pixels of %d images = %.6g; pixel scale = threshold - median = %.6g",
                trim(config.pixelQuantile()), pixels.length, normalPixelMaps.size(), pixelThreshold, pixelScale));

        ScoreCalibration calibration = new ScoreCalibration(imageThreshold, imageScale, pixelThreshold, pixelScale);
        return new CalibrationFit(calibration, rule.toString(), mean, std, normals[normals.length - 1],
                normals.length + anomalies.length);
    }

    /** numpy's default ({@code linear}) quantile of ascending values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }

    /** numpy's default ({@code linear}) quantile of ascending float values, in double. */
    static double quantile(float[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + ((double) sorted[hi] - sorted[lo]) * frac;
    }

    private static double floorScale(double scale, double threshold) {
        double floor = 1e-6 * Math.max(1.0, Math.abs(threshold));
        return Math.max(scale, floor);
    }

    private static float[] sortedNormalPixels(List<float[]> maps) {
        if (maps == null || maps.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one held-out normal pixel map");
        }
        long total = 0;
        for (int m = 0; m < maps.size(); m++) {
            if (maps.get(m) == null || maps.get(m).length == 0) {
                throw new IllegalArgumentException("normal pixel map " + m + " is null or empty");
            }
            total += maps.get(m).length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many normal pixels for calibration: " + total);
        }
        float[] all = new float[(int) total];
        int at = 0;
        for (int m = 0; m < maps.size(); m++) {
            float[] map = maps.get(m);
            for (int i = 0; i < map.length; i++) {
                if (!Float.isFinite(map[i])) {
                    throw new IllegalArgumentException("normal pixel map " + m + " has a non-finite value at " + i);
                }
            }
            System.arraycopy(map, 0, all, at, map.length);
            at += map.length;
        }
        Arrays.sort(all);
        return all;
    }

    private static double[] sortedFinite(String what, double[] values) {
        double[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!Double.isFinite(copy[i])) {
                throw new IllegalArgumentException(what + " at index " + i + " is not finite: " + copy[i]);
            }
        }
        Arrays.sort(copy);
        return copy;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double populationStd(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            double d = v - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / values.length);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean[] labels(int normals, int anomalies) {
        boolean[] labels = new boolean[normals + anomalies];
        Arrays.fill(labels, normals, normals + anomalies, true);
        return labels;
    }

    private static String trim(double value) {
        return Double.toString(value).replaceAll("\\.0$", "");
    }
}
