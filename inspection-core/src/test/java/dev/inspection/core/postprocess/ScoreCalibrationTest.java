package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {

    private final ScoreCalibration calibration = new ScoreCalibration(2.0, 0.5, -1.0, 4.0);

    @Test
    void thresholdMapsToDecisionLineAndScaleToTheEnds() {
        assertEquals(0.5, calibration.normaliseImage(2.0));
        assertEquals(1.0, calibration.normaliseImage(2.5));
        assertEquals(0.0, calibration.normaliseImage(1.5));
        assertEquals(0.75, calibration.normaliseImage(2.25));
        assertEquals(1.0, calibration.normaliseImage(100));
        assertEquals(0.0, calibration.normaliseImage(-100));
        assertEquals(0.5, calibration.normalisePixel(-1.0));
        assertEquals(0.625, calibration.normalisePixel(0.0));
    }

    @Test
    void pixelMapNormalisationMatchesScalarFormulaAndClamps() {
        float[] raw = {-1f, 0f, 3f, 10f, -9f, -5f, 1.5f};
        float[] out = calibration.normalisePixels(raw, new float[raw.length]);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(calibration.normalisePixel(raw[i]), out[i], 1e-7, "pixel " + i);
        }
        calibration.normalisePixels(raw, raw);
        assertEquals(1f, raw[3]);
        assertEquals(0f, raw[4]);
    }

    @Test
    void sensitivityMovesTheDecisionLine() {
        assertEquals(0.5, ScoreCalibration.decisionLine(0.5));
        assertEquals(0.2, ScoreCalibration.decisionLine(0.8), 1e-12);
        // raw 1.9 normalises to 0.4: normal at the calibrated line, anomalous at sensitivity 0.7
        assertFalse(calibration.isImageAnomalous(1.9, 0.5));
        assertTrue(calibration.isImageAnomalous(1.9, 0.7));
        assertTrue(calibration.isImageAnomalous(2.0, 0.5));
        for (double s : new double[] {0.1, 0.5, 0.7, 0.95}) {
            double raw = calibration.imageRawThreshold(s);
            assertEquals(1 - s, calibration.normaliseImage(raw), 1e-12, "sensitivity " + s);
            assertEquals(1 - s, calibration.normalisePixel(calibration.pixelRawThreshold(s)), 1e-12);
        }
        assertEquals(2.0, calibration.imageRawThreshold(0.5));
    }

    @Test
    void sensitivityOutsideOpenUnitIntervalIsRejectedWithTheValue() {
        for (double s : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoreCalibration.decisionLine(s));
            assertEquals("sensitivity must be in (0, 1), got " + s, e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> calibration.isImageAnomalous(2.0, 1.0));
    }

    @Test
    void thresholdOverrideKeepsScale() {
        ScoreCalibration overridden = calibration.withImageThreshold(3.0);
        assertEquals(0.5, overridden.normaliseImage(3.0));
        assertEquals(0.5, overridden.imageScale());
        assertEquals(calibration.pixelThreshold(), overridden.pixelThreshold());
    }

    @Test
    void rejectsInvalidConstants() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScoreCalibration(1, 0, 0, 1));
        assertEquals("imageScale must be finite and > 0, got 0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(Double.NaN, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(1, 1, Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScoreCalibration(1, 1, 0, -2));
        assertThrows(IllegalArgumentException.class, () -> calibration.normaliseImage(Double.NaN));
    }
}
