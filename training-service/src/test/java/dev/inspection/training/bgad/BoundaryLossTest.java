package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BoundaryLossTest {

    private static final BoundaryLoss.Settings NO_FOCAL = new BoundaryLoss.Settings(0.25, 0.1, 10, 1, false);

    private static double softplus(double z) {
        return Math.log1p(Math.exp(z));
    }

    @Test
    void maximumLikelihoodIsMeanNegativeLogSigmoid() {
        BoundaryLoss.Terms t = BoundaryLoss.maximumLikelihood(new float[] {0f, 2f});
        assertEquals((Math.log(2) + softplus(-2)) / 2, t.value(), 1e-9);
        assertArrayEquals(new float[] {0.5f, 0.5f}, t.softplusWeights());
        assertArrayEquals(new float[] {0f, 0f}, t.linearWeights());
    }

    /**
     * Normal logp -10, -5, 0, 5 (u = -1, -0.5, 0, 0.5), beta 0.25 -> rank floor(0.25*4) = 1 -> b_n = -0.5,
     * b_a = -0.6. Anomalous logp -20 (u = -2, below b_a: inactive) and 0 (u = 0, active).
     * L_n = mean over u <= -0.5 of (b_n - u) = ((-0.5 + 1) + 0) / 2 = 0.25; L_a = (0 + 0.6) / 1 = 0.6.
     */
    @Test
    void boundariesAndSemiPushPullOnHandMadeNumbers() {
        float[] logp = {-10f, -5f, 0f, 5f, -20f, 0f};
        boolean[] anomalous = {false, false, false, false, true, true};
        BoundaryLoss.Terms t = BoundaryLoss.boundaryGuided(logp, anomalous, NO_FOCAL);
        double ml = (softplus(10) + softplus(5) + softplus(0) + softplus(-5)) / 4;
        assertEquals(-0.5, t.normalBoundary(), 1e-12);
        assertEquals(ml + 0.25 + 0.6, t.value(), 1e-9);
        assertEquals(2, t.anomalousRows());
        assertEquals(1, t.activeAnomalous());
        // d/dlogp: L_n contributes -1/(10*2) to the two selected normals, L_a +1/10 to the active anomaly
        assertArrayEquals(new float[] {-0.05f, -0.05f, 0f, 0f, 0f, 0.1f}, t.linearWeights(), 1e-7f);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0f, 0f}, t.softplusWeights(), 1e-7f);
    }

    @Test
    void emptyAnomalySelectionIsZeroLoss() {
        float[] logp = {-10f, -5f, 0f, 5f, -90f};
        boolean[] anomalous = {false, false, false, false, true};
        BoundaryLoss.Terms t = BoundaryLoss.boundaryGuided(logp, anomalous, NO_FOCAL);
        double ml = (softplus(10) + softplus(5) + softplus(0) + softplus(-5)) / 4;
        assertEquals(ml + 0.25, t.value(), 1e-9);
        assertEquals(0, t.activeAnomalous());
        assertEquals(0f, t.linearWeights()[4]);
    }

    @Test
    void chunkWithoutAnomaliesHasNoBoundaryTerm() {
        BoundaryLoss.Terms t = BoundaryLoss.boundaryGuided(new float[] {-10f, 5f}, new boolean[2], NO_FOCAL);
        assertEquals((softplus(10) + softplus(-5)) / 2, t.value(), 1e-9);
        assertEquals(Double.NaN, t.normalBoundary());
        assertArrayEquals(new float[2], t.linearWeights());
    }

    @Test
    void onlyAnomalousRowsGiveZeroLoss() {
        BoundaryLoss.Terms t = BoundaryLoss.boundaryGuided(new float[] {1f, 2f}, new boolean[] {true, true}, NO_FOCAL);
        assertEquals(0.0, t.value());
        assertArrayEquals(new float[2], t.softplusWeights());
    }

    @Test
    void focalWeightsFollowTheOfficialFormulas() {
        assertEquals(1.0, FocalWeights.normal(-0.1));
        assertEquals(11.7 * Math.sqrt(1 - Math.exp(-0.5)) * 0.5, FocalWeights.normal(-0.5), 1e-12);
        assertEquals(1.0, FocalWeights.abnormal(-1.0));
        assertEquals(0.53 * Math.pow(1 + Math.exp(-0.5), 2) / 0.5, FocalWeights.abnormal(-0.5), 1e-12);
        // focal weights scale the ML term of a normal row far below the boundary
        BoundaryLoss.Terms t = BoundaryLoss.boundaryGuided(new float[] {-5f, 1f}, new boolean[2],
                new BoundaryLoss.Settings(0.01, 0.1, 10, 1, true));
        assertEquals(FocalWeights.normal(-0.5) / 2, t.softplusWeights()[0], 1e-6);
        assertEquals(0.5, t.softplusWeights()[1], 1e-6);
    }

    @Test
    void rejectsMismatchedFlags() {
        assertThrows(IllegalArgumentException.class,
                () -> BoundaryLoss.boundaryGuided(new float[3], new boolean[2], NO_FOCAL));
    }
}
