package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationFitterTest {

    private static final double[] NORMALS = {0.3, 0.1, 0.5, 0.2, 0.9, 0.4, 0.6};

    /** 1000 pixels 0.000, 0.001, ..., 0.999 split over two maps. */
    private static List<float[]> normalPixels() {
        float[] a = new float[500];
        float[] b = new float[500];
        for (int i = 0; i < 500; i++) {
            a[i] = i / 1000f;
            b[i] = (500 + i) / 1000f;
        }
        return List.of(b, a);
    }

    @Test
    void normalOnlyRuleTakesTheLargerOfQuantileAndMeanPlusThreeStd() {
        CalibrationFit fit = new CalibrationFitter().fit(NORMALS, null, normalPixels());
        ScoreCalibration c = fit.calibration();
        // numpy: quantile(x, 0.99) = 0.882, mean + 3 * std (ddof 0) = 1.1758112474641156, median 0.4
        assertEquals(1.1758112474641156, c.imageThreshold(), 1e-12);
        assertEquals(1.1758112474641156 - 0.4, c.imageScale(), 1e-12);
        assertEquals(3.0 / 7, fit.normalScoreMean(), 1e-12);
        assertEquals(0.9, fit.normalScoreMax());
        assertEquals(7, fit.images());
        assertTrue(fit.rule().startsWith("image threshold = max(q0.99, mean + 3*std) of 7 held-out normal scores"),
                fit.rule());
    }

    @Test
    void quantileWinsWhenStdMultiplierIsSmall() {
        CalibrationFit fit = new CalibrationFitter(new CalibrationFitter.Config(0.99, 0.0, 0.999))
                .fit(NORMALS, new double[0], normalPixels());
        assertEquals(0.882, fit.calibration().imageThreshold(), 1e-12);
    }

    @Test
    void labelledAnomaliesSwitchToTheF1MaxThreshold() {
        // normals 0.1..0.9 and anomalies 0.8, 0.95, 1.2: best F1 predicts {0.8, 0.9, 0.95, 1.2}: 2*3/(4+3)
        // = 0.857 vs {0.95, 1.2}: 2*2/(2+3) = 0.8, so the threshold is 0.8.
        CalibrationFit fit = new CalibrationFitter().fit(NORMALS, new double[] {1.2, 0.8, 0.95}, normalPixels());
        assertEquals(0.8, fit.calibration().imageThreshold());
        assertEquals(0.4, fit.calibration().imageScale(), 1e-12);
        assertEquals(10, fit.images());
        assertTrue(fit.rule().contains("F1-max threshold over 7 held-out normal + 3 anomalous images"), fit.rule());
    }

    @Test
    void pixelThresholdIsTheHighQuantileOfNormalPixels() {
        CalibrationFit fit = new CalibrationFitter().fit(NORMALS, null, normalPixels());
        // numpy.quantile(arange(1000) / 1000, 0.999) = 0.998001, median 0.4995 (float32 inputs)
        assertEquals(0.998001, fit.calibration().pixelThreshold(), 1e-6);
        assertEquals(0.998001 - 0.4995, fit.calibration().pixelScale(), 1e-6);
        assertTrue(fit.rule().contains("q0.999 of 1000 normal pixels of 2 images"), fit.rule());
    }

    @Test
    void scaleIsFlooredWhenNormalsAreIdentical() {
        CalibrationFit fit = new CalibrationFitter().fit(new double[] {2, 2, 2}, null, List.of(new float[] {1, 1}));
        assertEquals(2.0, fit.calibration().imageThreshold());
        assertEquals(2e-6, fit.calibration().imageScale(), 1e-18);
        assertEquals(1e-6, fit.calibration().pixelScale(), 1e-18);
    }

    @Test
    void quantileMatchesNumpyLinearInterpolation() {
        double[] sorted = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9};
        assertEquals(0.25, CalibrationFitter.quantile(sorted, 0.25), 1e-12);
        assertEquals(0.882, CalibrationFitter.quantile(sorted, 0.99), 1e-12);
        assertEquals(0.9, CalibrationFitter.quantile(sorted, 1.0));
    }

    @Test
    void rejectsTooFewOrInvalidInputs() {
        CalibrationFitter fitter = new CalibrationFitter();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fitter.fit(new double[] {1}, null, normalPixels()));
        assertEquals("calibration needs at least 2 held-out normal image scores, got 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fitter.fit(NORMALS, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> fitter.fit(new double[] {1, Double.NaN}, null, normalPixels()));
        assertThrows(IllegalArgumentException.class,
                () -> fitter.fit(NORMALS, null, List.of(new float[] {Float.POSITIVE_INFINITY})));
        assertThrows(IllegalArgumentException.class, () -> new CalibrationFitter.Config(1.0, 3, 0.999));
        assertThrows(IllegalArgumentException.class, () -> new CalibrationFitter.Config(0.99, -1, 0.999));
    }
}
