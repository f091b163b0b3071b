package dev.inspection.scoring.engine;

import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.core.postprocess.DefectRegions;
import dev.inspection.core.postprocess.ScoreCalibration;

/**
 * A request's validated options against one version's calibration: the calibration to apply (with a
 * threshold override), the sensitivity and its decision line, and which outputs to build.
 */
public record ScoreSettings(ScoreCalibration calibration, double sensitivity, double decisionLine,
                            int minRegionArea, boolean heatmapPng, boolean overlayPng, boolean mapFloat16,
                            boolean maskPng, boolean regions, boolean rawMapFloat32) {

    /**
     * @param fieldPrefix how the caller names the options in error messages ("options", "parameters")
     * @throws ScoringException INVALID_ARGUMENT naming the bad field
     */
    public static ScoreSettings resolve(ScoreOptions options, ScoreCalibration calibration, String fieldPrefix) {
        ScoreCalibration applied = calibration;
        if (options.hasImageThreshold()) {
            double threshold = options.getImageThreshold();
            if (!Double.isFinite(threshold)) {
                throw ScoringException.invalidArgument(fieldPrefix + ".image_threshold must be finite, got " + threshold);
            }
            applied = calibration.withImageThreshold(threshold);
        }
        double sensitivity = ScoreCalibration.DEFAULT_SENSITIVITY;
        if (options.hasSensitivity()) {
            sensitivity = options.getSensitivity();
            if (!(sensitivity > 0 && sensitivity < 1)) {
                throw ScoringException.invalidArgument(fieldPrefix + ".sensitivity must be in (0, 1), got " + sensitivity);
            }
        }
        int minArea = DefectRegions.DEFAULT_MIN_AREA;
        if (options.hasMinRegionArea()) {
            minArea = options.getMinRegionArea();
            if (minArea < 0) { // uint32 above 2^31 - 1
                throw ScoringException.invalidArgument(fieldPrefix + ".min_region_area is too large: "
                        + Integer.toUnsignedString(minArea));
            }
        }
        return new ScoreSettings(applied, sensitivity, ScoreCalibration.decisionLine(sensitivity), minArea,
                options.getHeatmapPng(), options.getOverlayPng(), options.getMapFloat16(), options.getMaskPng(),
                options.getRegions(), options.getRawMapFloat32());
    }

    /** The raw image threshold the verdict used. */
    public double imageRawThreshold() {
        return calibration.imageRawThreshold(sensitivity);
    }
}
