package dev.inspection.training.jobs;

import dev.inspection.training.bgad.BgadConfig;
import dev.inspection.training.simplenet.SimpleNetConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Resolves a StartJob's preset, overrides and seed into the effective configuration of its method:
 * SimpleNet with {@link SimpleNetConfig} as the one definition of the keys, presets and valid ranges
 * (overrides in snake_case "noise_std" or as the config's names "noiseStd"); BGAD with
 * {@link BgadConfig} (snake_case keys "learning_rate", camelCase accepted too) plus the job-level
 * {@link #BGAD_VALIDATION_FRACTION}.
 */
public final class Presets {

    public static final String CPU = "cpu";
    public static final String SEED = "seed";
    public static final String VALIDATION_FRACTION = "validationFraction";
    public static final String PRESET = "preset";
    /** BGAD: share of the TRAIN normals held out for calibration when the snapshot has no VALIDATION split. */
    public static final String BGAD_VALIDATION_FRACTION = "validation_fraction";
    private static final String BGAD_DEFAULT_VALIDATION_FRACTION = "0.1";

    private Presets() {
    }

    /**
     * @param preset "cpu", "paper", or "" for cpu
     * @return every setting of the configuration as canonical text, sorted by key
     * @throws TrainingException INVALID_ARGUMENT naming an unknown preset, unknown key or bad value
     */
    public static SortedMap<String, String> resolve(String preset, Map<String, String> overrides, long seed) {
        String name = preset == null || preset.isBlank() ? CPU : preset.trim();
        Map<String, String> keyed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
            String key = camelCase(e.getKey());
            if (key.equals(SEED) || key.equals("preset")) {
                throw TrainingException.invalidArgument("override '" + e.getKey() + "' is not allowed: use the "
                        + (key.equals(SEED) ? "seed" : "preset") + " field of the request");
            }
            keyed.put(key, e.getValue());
        }
        keyed.put(SEED, Long.toUnsignedString(seed));
        try {
            SimpleNetConfig config = SimpleNetConfig.preset(name).with(keyed);
            return new TreeMap<>(config.toMap());
        } catch (IllegalArgumentException e) {
            throw TrainingException.invalidArgument(e.getMessage());
        }
    }

    /**
     * The effective BGAD configuration: {@link BgadConfig#toMap()} of the preset with the overrides,
     * plus {@code preset} and {@link #BGAD_VALIDATION_FRACTION}.
     *
     * @param preset "cpu", "paper", or "" for cpu
     * @throws TrainingException INVALID_ARGUMENT naming an unknown preset, unknown key or bad value
     */
    public static SortedMap<String, String> resolveBgad(String preset, Map<String, String> overrides, long seed) {
        String name = preset == null || preset.isBlank() ? CPU : preset.trim();
        SortedMap<String, String> config = new TreeMap<>();
        config.put(PRESET, name);
        config.put(BGAD_VALIDATION_FRACTION, BGAD_DEFAULT_VALIDATION_FRACTION);
        Map<String, String> keyed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
            String key = snakeCase(e.getKey().trim());
            if (key.equals(SEED) || key.equals(PRESET)) {
                throw TrainingException.invalidArgument("override '" + e.getKey() + "' is not allowed: use the "
                        + key + " field of the request");
            }
            if (key.equals(BGAD_VALIDATION_FRACTION)) {
                config.put(key, e.getValue().trim());
            } else {
                keyed.put(key, e.getValue());
            }
        }
        keyed.put(SEED, Long.toUnsignedString(seed));
        try {
            config.putAll(bgadPreset(name).withOverrides(keyed).toMap());
            validationFraction(config);
        } catch (IllegalArgumentException e) {
            throw TrainingException.invalidArgument(e.getMessage());
        }
        return config;
    }

    /**
     * The BGAD configuration stored by {@link #resolveBgad}.
     *
     * @throws IllegalArgumentException for a map that did not come from it
     */
    public static BgadConfig bgadConfig(Map<String, String> resolved) {
        Map<String, String> knobs = new TreeMap<>(resolved);
        String name = knobs.remove(PRESET);
        knobs.remove(BGAD_VALIDATION_FRACTION);
        return bgadPreset(name == null ? CPU : name).withOverrides(knobs);
    }

    /** The held-out share of a resolved BGAD configuration, in (0, 0.5]. */
    public static double validationFraction(Map<String, String> resolved) {
        String text = resolved.getOrDefault(BGAD_VALIDATION_FRACTION, BGAD_DEFAULT_VALIDATION_FRACTION);
        double fraction;
        try {
            fraction = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BGAD_VALIDATION_FRACTION + " must be a number, got '" + text + "'");
        }
        if (!(fraction > 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException(BGAD_VALIDATION_FRACTION + " must be in (0, 0.5], got " + text);
        }
        return fraction;
    }

    private static BgadConfig bgadPreset(String name) {
        return switch (name) {
            case "cpu" -> BgadConfig.preset(BgadConfig.Preset.CPU);
            case "paper" -> BgadConfig.preset(BgadConfig.Preset.PAPER);
            default -> throw new IllegalArgumentException("preset: unknown BGAD preset '" + name
                    + "' (known: cpu, paper)");
        };
    }

    /** "learningRate" -> "learning_rate"; snake_case names are returned as they are. */
    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** "noise_std" -> "noiseStd"; names without underscores are returned as they are. */
    static String camelCase(String key) {
        if (key.indexOf('_') < 0) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length());
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
