package dev.inspection.core.postprocess;

/**
 * Frozen score calibration: maps raw scores (higher = more anomalous, as the method defines them) to
 * normalised scores in [0, 1] where 0.5 is the decision line (anomalib's convention):
 *
 * <pre>normalised = clamp(0.5 + (raw - threshold) / (2 * scale), 0, 1)</pre>
 *
 * with one (threshold, scale) pair for image scores and one for pixel scores. A raw score at the
 * threshold maps to exactly 0.5 and one {@code scale} above it to 1.
 *
 * <p><b>Sensitivity</b> {@code s} in (0, 1) moves the decision line on the normalised scale to
 * {@code 1 - s}: 0.5 is the calibrated threshold, higher values flag more.
 *
 * @param imageThreshold raw image score at the decision line
 * @param imageScale     raw distance from the threshold that maps to 0 or 1 (&gt; 0)
 * @param pixelThreshold raw pixel score at the decision line
 * @param pixelScale     raw pixel distance from the threshold that maps to 0 or 1 (&gt; 0)
 */
public record ScoreCalibration(double imageThreshold, double imageScale, double pixelThreshold, double pixelScale) {

    /** The normalised decision line of the calibrated threshold. */
    public static final double DECISION_LINE = 0.5;
    /** Sensitivity that keeps the calibrated threshold. */
    public static final double DEFAULT_SENSITIVITY = 0.5;

    /**
     * @throws IllegalArgumentException if a threshold is not finite or a scale is not finite and positive
     */
    public ScoreCalibration {
        requireFinite("imageThreshold", imageThreshold);
        requireFinite("pixelThreshold", pixelThreshold);
        requirePositive("imageScale", imageScale);
        requirePositive("pixelScale", pixelScale);
    }

    /** Normalised image score of a raw image score. */
    public double normaliseImage(double raw) {
        return normalise(raw, imageThreshold, imageScale);
    }

    /** Normalised pixel score of a raw pixel score. */
    public double normalisePixel(double raw) {
        return normalise(raw, pixelThreshold, pixelScale);
    }

    /**
     * Normalises a raw pixel map into {@code out} ({@code out == raw} allowed). Unlike the scalar
     * methods it does not check for NaN (a NaN pixel stays NaN and is never above a decision line).
     *
     * @return {@code out}
     */
    public float[] normalisePixels(float[] raw, float[] out) {
        if (raw == null || out == null || out.length < raw.length) {
            throw new IllegalArgumentException("output must be at least as long as the raw map");
        }
        // raw * gain + offset == 0.5 + (raw - threshold) / (2 * scale), fused into one multiply-add.
        final double gain = 1.0 / (2.0 * pixelScale);
        final double offset = 0.5 - pixelThreshold * gain;
        for (int i = 0; i < raw.length; i++) {
            double v = raw[i] * gain + offset;
            out[i] = (float) (v < 0 ? 0 : (v > 1 ? 1 : v));
        }
        return out;
    }

    /** True if the raw image score is anomalous at the given sensitivity. */
    public boolean isImageAnomalous(double rawImageScore, double sensitivity) {
        return normaliseImage(rawImageScore) >= decisionLine(sensitivity);
    }

    /**
     * The raw image score at which the verdict flips for this sensitivity (the calibrated threshold at
     * sensitivity 0.5), for reporting the threshold that was applied.
     */
    public double imageRawThreshold(double sensitivity) {
        return imageThreshold + (decisionLine(sensitivity) - DECISION_LINE) * 2.0 * imageScale;
    }

    /** The raw pixel score at which a pixel becomes defective for this sensitivity. */
    public double pixelRawThreshold(double sensitivity) {
        return pixelThreshold + (decisionLine(sensitivity) - DECISION_LINE) * 2.0 * pixelScale;
    }

    /** A copy with the image threshold replaced by a caller's override (scale unchanged). */
    public ScoreCalibration withImageThreshold(double threshold) {
        return new ScoreCalibration(threshold, imageScale, pixelThreshold, pixelScale);
    }

    /**
     * The normalised decision line {@code 1 - sensitivity}.
     *
     * @throws IllegalArgumentException if {@code sensitivity} is not strictly between 0 and 1
     */
    public static double decisionLine(double sensitivity) {
        if (!(sensitivity > 0 && sensitivity < 1)) {
            throw new IllegalArgumentException("sensitivity must be in (0, 1), got " + sensitivity);
        }
        return 1.0 - sensitivity;
    }

    private static double normalise(double raw, double threshold, double scale) {
        double v = 0.5 + (raw - threshold) / (2.0 * scale);
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("raw score is NaN");
        }
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }
}
