package dev.inspection.training.jobs;

import dev.inspection.training.simplenet.SimpleNetConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Resolves a StartJob's preset, overrides and seed into the effective SimpleNet configuration, using
 * {@link SimpleNetConfig} as the one definition of the keys, presets and valid ranges. Overrides may
 * be written in snake_case ("noise_std") or as the config's names ("noiseStd").
 */
public final class Presets {

    public static final String CPU = "cpu";
    public static final String SEED = "seed";
    public static final String VALIDATION_FRACTION = "validationFraction";

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
