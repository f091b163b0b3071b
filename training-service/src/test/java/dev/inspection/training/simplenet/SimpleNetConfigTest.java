package dev.inspection.training.simplenet;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimpleNetConfigTest {

    @Test
    void presetsCarryTheDocumentedRecipes() {
        SimpleNetConfig cpu = SimpleNetConfig.cpu();
        assertEquals(SimpleNetConfig.Sampling.RANDOM_PATCHES, cpu.sampling());
        assertEquals(512, cpu.patchesPerStep());
        assertEquals(2000, cpu.steps());
        assertEquals(SimpleNetConfig.NoiseRule.RELATIVE, cpu.noise());
        assertEquals(0.1775, cpu.noiseRelative());
        assertEquals(20_000, cpu.noiseSampleRows());
        assertEquals(SimpleNetConfig.LrSchedule.COSINE, cpu.lrSchedule());
        assertEquals(0.4, cpu.lrMinFactor());
        SimpleNetConfig paper = SimpleNetConfig.paper();
        assertEquals(SimpleNetConfig.Sampling.WHOLE_IMAGES, paper.sampling());
        assertEquals(SimpleNetConfig.NoiseRule.FIXED, paper.noise());
        assertEquals(0.015, paper.noiseStd());
        assertEquals(SimpleNetConfig.LrSchedule.CONSTANT, paper.lrSchedule(), "run.sh never steps the scheduler");
        assertEquals(8, paper.imagesPerBatch());
        // 40 x 4 passes; 209 images in batches of 8 = 27 batches per pass
        assertEquals(160 * 27, paper.totalSteps(209));
        for (SimpleNetConfig c : new SimpleNetConfig[] {cpu, paper}) {
            assertEquals(1e-4, c.adaptorLr());
            assertEquals(0.01, c.adaptorWeightDecay());
            assertEquals(2e-4, c.discriminatorLr());
            assertEquals(1e-5, c.discriminatorWeightDecay());
            assertEquals(0.5, c.margin());
            assertEquals(1024, c.hiddenDim());
            assertEquals(0.2, c.leakySlope());
        }
    }

    @Test
    void fromAppliesOverridesOnTheNamedPreset() {
        SimpleNetConfig c = SimpleNetConfig.from(Map.of("preset", "paper", "steps", "77", "noise", "relative",
                "adaptorLr", "3e-4", "seed", "42", "sampling", "random_patches"));
        assertEquals("paper", c.preset());
        assertEquals(77, c.steps());
        assertEquals(SimpleNetConfig.NoiseRule.RELATIVE, c.noise());
        assertEquals(3e-4, c.adaptorLr());
        assertEquals(42L, c.seed());
        assertEquals(SimpleNetConfig.Sampling.RANDOM_PATCHES, c.sampling());
        assertEquals(77, c.totalSteps(209));
        assertEquals("cpu", SimpleNetConfig.from(Map.of()).preset());
        assertEquals(c, SimpleNetConfig.from(c.toMap()));
    }

    @Test
    void validationNamesTheBadKey() {
        assertMessage(Map.of("stepz", "3"), "'stepz'");
        assertMessage(Map.of("steps", "many"), "'steps'");
        assertMessage(Map.of("steps", "0"), "'steps'");
        assertMessage(Map.of("margin", "-0.5"), "'margin'");
        assertMessage(Map.of("beta2", "1"), "'beta2'");
        assertMessage(Map.of("validationFraction", "1.5"), "'validationFraction'");
        assertMessage(Map.of("noise", "loud"), "'noise'");
        assertMessage(Map.of("lrSchedule", "linear"), "'lrSchedule'");
        assertMessage(Map.of("lrMinFactor", "1.5"), "'lrMinFactor'");
        assertMessage(Map.of("adaptorLr", "NaN"), "'adaptorLr'");
        assertMessage(Map.of("preset", "gpu"), "preset");
    }

    @Test
    void cosineScheduleRunsFromTheBaseRateToTheMinimumShare() {
        SimpleNetConfig.LrSchedule cosine = SimpleNetConfig.LrSchedule.COSINE;
        assertEquals(1.0, cosine.factor(0, 101, 0.4), 1e-12);
        assertEquals(0.7, cosine.factor(50, 101, 0.4), 1e-12);
        assertEquals(0.4, cosine.factor(100, 101, 0.4), 1e-12);
        assertTrue(cosine.factor(30, 101, 0.4) > cosine.factor(31, 101, 0.4), "decreasing");
        assertEquals(1.0, SimpleNetConfig.LrSchedule.CONSTANT.factor(100, 101, 0.4));
        assertEquals(SimpleNetConfig.LrSchedule.COSINE, SimpleNetConfig.from(Map.of("lrSchedule", "cosine")).lrSchedule());
    }

    private static void assertMessage(Map<String, String> overrides, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimpleNetConfig.from(overrides));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
