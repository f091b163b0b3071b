package dev.inspection.training.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class PresetsTest {

    @Test
    void defaultPresetIsCpuAndRecordsTheSeed() {
        SortedMap<String, String> config = Presets.resolve("", Map.of(), 42);
        assertEquals("cpu", config.get("preset"));
        assertEquals("42", config.get("seed"));
        assertEquals("RANDOM_PATCHES", config.get("sampling"));
    }

    @Test
    void paperPresetAndOverridesInEitherSpelling() {
        SortedMap<String, String> config = Presets.resolve("paper", Map.of("noise_std", "0.02", "steps", "7"), 0);
        assertEquals("paper", config.get("preset"));
        assertEquals("0.02", config.get("noiseStd"));
        assertEquals("7", config.get("steps"));
        assertEquals("WHOLE_IMAGES", config.get("sampling"));
        assertEquals("0.03", Presets.resolve("cpu", Map.of("noiseStd", "0.03"), 0).get("noiseStd"));
    }

    @Test
    void unknownKeyIsInvalidArgumentNamingIt() {
        TrainingException e = assertThrows(TrainingException.class,
                () -> Presets.resolve("cpu", Map.of("learning_speed", "3"), 0));
        assertEquals(TrainingException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("learningSpeed"), e.getMessage());
    }

    @Test
    void badValuesAreInvalidArgumentNamingTheKey() {
        TrainingException notNumber = assertThrows(TrainingException.class,
                () -> Presets.resolve("cpu", Map.of("steps", "many"), 0));
        assertEquals(TrainingException.Kind.INVALID_ARGUMENT, notNumber.kind());
        assertTrue(notNumber.getMessage().contains("steps"), notNumber.getMessage());
        TrainingException negative = assertThrows(TrainingException.class,
                () -> Presets.resolve("cpu", Map.of("noise_std", "-1"), 0));
        assertTrue(negative.getMessage().contains("noiseStd"), negative.getMessage());
    }

    @Test
    void unknownPresetAndSeedOverrideAreRejected() {
        assertTrue(assertThrows(TrainingException.class, () -> Presets.resolve("gpu", Map.of(), 0)).getMessage()
                .contains("gpu"));
        TrainingException seed = assertThrows(TrainingException.class,
                () -> Presets.resolve("cpu", Map.of("seed", "3"), 0));
        assertTrue(seed.getMessage().contains("seed field"), seed.getMessage());
    }

    @Test
    void snakeCaseConversion() {
        assertEquals("noiseStd", Presets.camelCase("noise_std"));
        assertEquals("discriminatorLr", Presets.camelCase("discriminator_lr"));
        assertEquals("steps", Presets.camelCase("steps"));
    }
}
