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

    @Test
    void bgadCpuPresetRecordsPresetSeedAndValidationShare() {
        SortedMap<String, String> config = Presets.resolveBgad("", Map.of(), 3);
        assertEquals("cpu", config.get("preset"));
        assertEquals("3", config.get("seed"));
        assertEquals("600", config.get("steps"));
        assertEquals("128,128,256", config.get("reduced_channels"));
        assertEquals("any_pixel", config.get("mask_downsampling"));
        assertEquals("1", config.get("ignore_ring"));
        assertEquals("0.1", config.get("validation_fraction"));
        assertEquals(600, Presets.bgadConfig(config).steps());
        assertEquals(3, Presets.bgadConfig(config).seed());
    }

    @Test
    void bgadPaperPresetAndOverridesInEitherSpelling() {
        SortedMap<String, String> config = Presets.resolveBgad("paper", Map.of("learningRate", "5e-4",
                "known_anomalies", "4", "validationFraction", "0.2"), 0);
        assertEquals("paper", config.get("preset"));
        assertEquals("5.0E-4", config.get("learning_rate"));
        assertEquals("4", config.get("known_anomalies"));
        assertEquals("256,512,1024", config.get("reduced_channels"));
        assertEquals("nearest", config.get("mask_downsampling"));
        assertEquals("0", config.get("ignore_ring"));
        assertEquals(0.2, Presets.validationFraction(config));
        assertEquals(4, Presets.bgadConfig(config).knownAnomalies());
    }

    @Test
    void bgadBadInputIsInvalidArgumentNamingTheKey() {
        TrainingException unknown = assertThrows(TrainingException.class,
                () -> Presets.resolveBgad("cpu", Map.of("noise_std", "0.1"), 0));
        assertEquals(TrainingException.Kind.INVALID_ARGUMENT, unknown.kind());
        assertTrue(unknown.getMessage().contains("noise_std"), unknown.getMessage());
        TrainingException share = assertThrows(TrainingException.class,
                () -> Presets.resolveBgad("cpu", Map.of("validation_fraction", "0.9"), 0));
        assertTrue(share.getMessage().contains("validation_fraction"), share.getMessage());
        TrainingException steps = assertThrows(TrainingException.class,
                () -> Presets.resolveBgad("cpu", Map.of("steps", "0"), 0));
        assertTrue(steps.getMessage().contains("steps"), steps.getMessage());
        assertTrue(assertThrows(TrainingException.class, () -> Presets.resolveBgad("gpu", Map.of(), 0)).getMessage()
                .contains("gpu"));
        assertTrue(assertThrows(TrainingException.class, () -> Presets.resolveBgad("cpu", Map.of("seed", "1"), 0))
                .getMessage().contains("seed field"));
    }
}
