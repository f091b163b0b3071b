package dev.inspection.scoring.engine;

import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.core.postprocess.ScoreCalibration;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreSettingsTest {

    private final ScoreCalibration calibration = new ScoreCalibration(2.0, 0.5, 1.0, 0.25);

    @Test
    void defaultsKeepTheCalibratedThreshold() {
        ScoreSettings s = ScoreSettings.resolve(ScoreOptions.getDefaultInstance(), calibration, "options");
        assertEquals(0.5, s.sensitivity());
        assertEquals(0.5, s.decisionLine());
        assertEquals(2.0, s.imageRawThreshold());
        assertEquals(16, s.minRegionArea());
        assertFalse(s.heatmapPng() || s.overlayPng() || s.mapFloat16() || s.maskPng() || s.regions());
    }

    @Test
    void thresholdOverrideReplacesTheImageThresholdOnly() {
        ScoreSettings s = ScoreSettings.resolve(ScoreOptions.newBuilder().setImageThreshold(3.0).build(), calibration,
                "options");
        assertEquals(3.0, s.imageRawThreshold());
        assertEquals(0.5, s.calibration().normaliseImage(3.0));
        assertEquals(1.0, s.calibration().pixelThreshold());
    }

    @Test
    void sensitivityMovesTheDecisionLineAndTheReportedThreshold() {
        ScoreSettings s = ScoreSettings.resolve(ScoreOptions.newBuilder().setSensitivity(0.75).build(), calibration,
                "options");
        assertEquals(0.25, s.decisionLine(), 1e-12);
        // normalised 0.25 <=> raw = 2 + (0.25 - 0.5) * 2 * 0.5 = 1.75
        assertEquals(1.75, s.imageRawThreshold(), 1e-12);
        assertTrue(s.calibration().normaliseImage(1.8) >= s.decisionLine());
    }

    @Test
    void badOverridesNameTheField() {
        for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            ScoringException e = assertThrows(ScoringException.class, () -> ScoreSettings.resolve(
                    ScoreOptions.newBuilder().setSensitivity(bad).build(), calibration, "options"));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().startsWith("options.sensitivity"), e.getMessage());
        }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            ScoringException e = assertThrows(ScoringException.class, () -> ScoreSettings.resolve(
                    ScoreOptions.newBuilder().setImageThreshold(bad).build(), calibration, "parameters"));
            assertTrue(e.getMessage().startsWith("parameters.image_threshold"), e.getMessage());
        }
        ScoringException area = assertThrows(ScoringException.class, () -> ScoreSettings.resolve(
                ScoreOptions.newBuilder().setMinRegionArea(-1).build(), calibration, "options"));
        assertTrue(area.getMessage().contains("options.min_region_area"));
    }
}
