package dev.inspection.training.simplenet;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Every SimpleNet training hyperparameter (methods.md §1.4-1.8). Build one from a preset
 * ({@link #paper()}, {@link #cpu()}) and override keys with {@link #from(Map)}; the key names are
 * the record component names (e.g. {@code steps}, {@code noiseRelative}, {@code adaptorLr}).
 *
 * @param preset                   name of the preset the values started from (informational)
 * @param sampling                 how each step's rows are drawn
 * @param patchesPerStep           rows per step for {@link Sampling#RANDOM_PATCHES}
 * @param steps                    optimiser steps for {@link Sampling#RANDOM_PATCHES}
 * @param imagesPerBatch           whole images per step for {@link Sampling#WHOLE_IMAGES}
 * @param metaEpochs               official meta-epochs for {@link Sampling#WHOLE_IMAGES}
 * @param ganEpochs                passes per meta-epoch; passes = metaEpochs * ganEpochs
 * @param noise                    fixed sigma or sigma relative to the adapted feature spread
 * @param noiseStd                 sigma for {@link NoiseRule#FIXED}
 * @param noiseRelative            k for {@link NoiseRule#RELATIVE}: sigma = k * mean per-dim std of the
 *                                 adapted training features at initialisation
 * @param noiseSampleRows          training rows sampled to measure that spread
 * @param mixNoise                 K: each row uses sigma * 1.1^k, k uniform in {0..K-1} (1 = off)
 * @param margin                   truncated-L1 margin th (normal pushed to D >= th, noisy to D <= -th)
 * @param hiddenDim                discriminator hidden width
 * @param leakySlope               LeakyReLU negative slope
 * @param adaptorLr                AdamW learning rate of the adaptor
 * @param adaptorWeightDecay       AdamW (decoupled) weight decay of the adaptor
 * @param discriminatorLr          Adam learning rate of the discriminator
 * @param discriminatorWeightDecay Adam (L2, added to the gradient) weight decay of the discriminator
 * @param beta1                    Adam beta1 (both optimisers)
 * @param beta2                    Adam beta2 (both optimisers)
 * @param adamEps                  Adam epsilon (both optimisers)
 * @param lrSchedule               learning-rate schedule of both optimisers over the run's steps
 * @param lrMinFactor              {@link LrSchedule#COSINE}: the rate ends at this share of its base
 *                                 (the official code's eta_min = 0.4 x lr)
 * @param batchNormMomentum        running-statistics momentum (PyTorch convention)
 * @param batchNormEps             BatchNorm epsilon
 * @param validationFraction       share of train/good held out for calibration, never trained on
 * @param seed                     makes initialisation, sampling and noise repeatable
 */
public record SimpleNetConfig(
        String preset,
        Sampling sampling,
        int patchesPerStep,
        int steps,
        int imagesPerBatch,
        int metaEpochs,
        int ganEpochs,
        NoiseRule noise,
        double noiseStd,
        double noiseRelative,
        int noiseSampleRows,
        int mixNoise,
        double margin,
        int hiddenDim,
        double leakySlope,
        double adaptorLr,
        double adaptorWeightDecay,
        double discriminatorLr,
        double discriminatorWeightDecay,
        double beta1,
        double beta2,
        double adamEps,
        LrSchedule lrSchedule,
        double lrMinFactor,
        double batchNormMomentum,
        double batchNormEps,
        double validationFraction,
        long seed) {

    /** Row sampling per optimiser step. */
    public enum Sampling {
        /** Random patch rows from the whole training set, fixed number of steps (CPU recipe). */
        RANDOM_PATCHES,
        /** Shuffled batches of whole images, a fixed number of passes (official code). */
        WHOLE_IMAGES
    }

    /** Learning rate over the steps of a run. */
    public enum LrSchedule {
        /** The base rates throughout (run.sh: the official code's scheduler is built but not stepped). */
        CONSTANT,
        /**
         * PyTorch's CosineAnnealingLR over all steps: {@code lr_t = lr (f + (1 - f)(1 + cos(pi t / T)) / 2)},
         * f = {@code lrMinFactor}; the last steps move the weights less, so the final model is less
         * tied to the last few random batches.
         */
        COSINE;

        /** The share of the base rate at 0-based step {@code step} of {@code totalSteps}. */
        public double factor(int step, int totalSteps, double minFactor) {
            if (this == CONSTANT || totalSteps <= 1) {
                return 1;
            }
            return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * step / (totalSteps - 1))) / 2;
        }
    }

    /** How the anomaly-noise sigma is chosen. */
    public enum NoiseRule {
        FIXED,
        RELATIVE
    }

    public SimpleNetConfig {
        if (preset == null || preset.isBlank()) {
            throw new IllegalArgumentException("preset must be non-blank");
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling must be set");
        }
        if (noise == null) {
            throw new IllegalArgumentException("noise must be set");
        }
        if (lrSchedule == null) {
            throw new IllegalArgumentException("lrSchedule must be set");
        }
        requirePositive("patchesPerStep", patchesPerStep);
        requirePositive("steps", steps);
        requirePositive("imagesPerBatch", imagesPerBatch);
        requirePositive("metaEpochs", metaEpochs);
        requirePositive("ganEpochs", ganEpochs);
        requirePositive("noiseStd", noiseStd);
        requirePositive("noiseRelative", noiseRelative);
        requirePositive("noiseSampleRows", noiseSampleRows);
        requirePositive("mixNoise", mixNoise);
        requirePositive("margin", margin);
        requirePositive("hiddenDim", hiddenDim);
        requireRange("leakySlope", leakySlope, 0, 1, false);
        requirePositive("adaptorLr", adaptorLr);
        requireRange("adaptorWeightDecay", adaptorWeightDecay, 0, 1, false);
        requirePositive("discriminatorLr", discriminatorLr);
        requireRange("discriminatorWeightDecay", discriminatorWeightDecay, 0, 1, false);
        requireRange("beta1", beta1, 0, 1, true);
        requireRange("beta2", beta2, 0, 1, true);
        requirePositive("adamEps", adamEps);
        requireRange("lrMinFactor", lrMinFactor, 0, 1, false);
        requireRange("batchNormMomentum", batchNormMomentum, 0, 1, false);
        requirePositive("batchNormEps", batchNormEps);
        requireRange("validationFraction", validationFraction, 0, 1, true);
    }

    /**
     * The official recipe (run.sh): 40 x 4 passes over whole-image batches of 8, sigma 0.015. Meant for
     * GPUs; on this backbone and CPU time it barely trains (shared/reference/README.md).
     */
    public static SimpleNetConfig paper() {
        return new SimpleNetConfig("paper", Sampling.WHOLE_IMAGES, 512, 1000, 8, 40, 4,
                NoiseRule.FIXED, 0.015, 0.1775, 20_000, 1, 0.5, 1024, 0.2,
                1e-4, 0.01, 2e-4, 1e-5, 0.9, 0.999, 1e-8, LrSchedule.CONSTANT, 0.4, 0.1, 1e-5, 0.1, 0);
    }

    /**
     * The CPU recipe (shared/reference): 2000 steps of 512 random patches, sigma = 0.1775 x the
     * adapted feature spread at initialisation, same model, loss and optimisers as the paper. Steps
     * matter more than patches per step on a CPU; 2000 rather than 1000 lifted bottle's pixel AUROC
     * from 0.9741-0.9760 to 0.9754-0.9760 over seeds 0-2 (training-service README).
     */
    public static SimpleNetConfig cpu() {
        return new SimpleNetConfig("cpu", Sampling.RANDOM_PATCHES, 512, 2000, 8, 40, 4,
                NoiseRule.RELATIVE, 0.015, 0.1775, 20_000, 1, 0.5, 1024, 0.2,
                1e-4, 0.01, 2e-4, 1e-5, 0.9, 0.999, 1e-8, LrSchedule.COSINE, 0.4, 0.1, 1e-5, 0.05, 0);
    }

    /** A preset by name ({@code cpu} or {@code paper}). */
    public static SimpleNetConfig preset(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "cpu" -> cpu();
            case "paper" -> paper();
            default -> throw new IllegalArgumentException("preset: unknown SimpleNet preset '" + name
                    + "' (known: cpu, paper)");
        };
    }

    /**
     * The preset named by key {@code preset} (default {@code cpu}) with every other key of
     * {@code overrides} applied.
     *
     * @throws IllegalArgumentException naming the key for an unknown key, an unparsable value or a
     *                                  value out of range
     */
    public static SimpleNetConfig from(Map<String, String> overrides) {
        Map<String, String> rest = new LinkedHashMap<>(overrides);
        String presetName = rest.remove("preset");
        SimpleNetConfig base = presetName == null ? cpu() : preset(presetName);
        return base.with(rest);
    }

    /** This configuration with the given keys replaced (see {@link #from(Map)}). */
    public SimpleNetConfig with(Map<String, String> overrides) {
        Map<String, Object> values = toValueMap();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            Object current = values.get(key);
            if (current == null || key.equals("preset")) {
                throw new IllegalArgumentException("unknown SimpleNet setting '" + key + "' (known: "
                        + String.join(", ", values.keySet()) + ")");
            }
            values.put(key, parse(key, e.getValue(), current));
        }
        try {
            return fromValueMap(values);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("invalid SimpleNet settings " + overrides + ": " + invalid.getMessage(),
                    invalid);
        }
    }

    /** Number of optimiser steps this configuration runs on {@code images} training images. */
    public int totalSteps(int images) {
        if (sampling == Sampling.RANDOM_PATCHES) {
            return steps;
        }
        int batchesPerPass = (images + imagesPerBatch - 1) / imagesPerBatch;
        return Math.multiplyExact(Math.multiplyExact(metaEpochs, ganEpochs), batchesPerPass);
    }

    /** Key/value view of every setting (the model manifest records it). */
    public Map<String, String> toMap() {
        Map<String, String> out = new LinkedHashMap<>();
        toValueMap().forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private Map<String, Object> toValueMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("sampling", sampling);
        m.put("patchesPerStep", patchesPerStep);
        m.put("steps", steps);
        m.put("imagesPerBatch", imagesPerBatch);
        m.put("metaEpochs", metaEpochs);
        m.put("ganEpochs", ganEpochs);
        m.put("noise", noise);
        m.put("noiseStd", noiseStd);
        m.put("noiseRelative", noiseRelative);
        m.put("noiseSampleRows", noiseSampleRows);
        m.put("mixNoise", mixNoise);
        m.put("margin", margin);
        m.put("hiddenDim", hiddenDim);
        m.put("leakySlope", leakySlope);
        m.put("adaptorLr", adaptorLr);
        m.put("adaptorWeightDecay", adaptorWeightDecay);
        m.put("discriminatorLr", discriminatorLr);
        m.put("discriminatorWeightDecay", discriminatorWeightDecay);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("adamEps", adamEps);
        m.put("lrSchedule", lrSchedule);
        m.put("lrMinFactor", lrMinFactor);
        m.put("batchNormMomentum", batchNormMomentum);
        m.put("batchNormEps", batchNormEps);
        m.put("validationFraction", validationFraction);
        m.put("seed", seed);
        return m;
    }

    private static SimpleNetConfig fromValueMap(Map<String, Object> m) {
        return new SimpleNetConfig((String) m.get("preset"), (Sampling) m.get("sampling"),
                (Integer) m.get("patchesPerStep"), (Integer) m.get("steps"), (Integer) m.get("imagesPerBatch"),
                (Integer) m.get("metaEpochs"), (Integer) m.get("ganEpochs"), (NoiseRule) m.get("noise"),
                (Double) m.get("noiseStd"), (Double) m.get("noiseRelative"), (Integer) m.get("noiseSampleRows"),
                (Integer) m.get("mixNoise"), (Double) m.get("margin"), (Integer) m.get("hiddenDim"),
                (Double) m.get("leakySlope"), (Double) m.get("adaptorLr"), (Double) m.get("adaptorWeightDecay"),
                (Double) m.get("discriminatorLr"), (Double) m.get("discriminatorWeightDecay"),
                (Double) m.get("beta1"), (Double) m.get("beta2"), (Double) m.get("adamEps"),
                (LrSchedule) m.get("lrSchedule"), (Double) m.get("lrMinFactor"),
                (Double) m.get("batchNormMomentum"), (Double) m.get("batchNormEps"),
                (Double) m.get("validationFraction"), (Long) m.get("seed"));
    }

    private static Object parse(String key, String raw, Object current) {
        if (raw == null) {
            throw new IllegalArgumentException("SimpleNet setting '" + key + "' has no value");
        }
        String text = raw.trim();
        BiFunction<String, String, IllegalArgumentException> bad = (k, why) -> new IllegalArgumentException(
                "SimpleNet setting '" + k + "': cannot use '" + raw + "' (" + why + ")");
        try {
            if (current instanceof Integer) {
                return Integer.parseInt(text);
            }
            if (current instanceof Long) {
                return Long.parseLong(text);
            }
            if (current instanceof Double) {
                double v = Double.parseDouble(text);
                if (!Double.isFinite(v)) {
                    throw bad.apply(key, "not a finite number");
                }
                return v;
            }
        } catch (NumberFormatException e) {
            throw bad.apply(key, "expected " + (current instanceof Double ? "a number" : "an integer"));
        }
        if (current instanceof Sampling) {
            return parseEnum(Sampling.class, key, text, bad);
        }
        if (current instanceof NoiseRule) {
            return parseEnum(NoiseRule.class, key, text, bad);
        }
        if (current instanceof LrSchedule) {
            return parseEnum(LrSchedule.class, key, text, bad);
        }
        throw new IllegalStateException("no parser for setting '" + key + "'");
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String text,
                                                   BiFunction<String, String, IllegalArgumentException> bad) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad.apply(key, "expected one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static void requirePositive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("SimpleNet setting '" + key + "' must be positive, got " + value);
        }
    }

    private static void requireRange(String key, double value, double low, double high, boolean openHigh) {
        boolean ok = value >= low && (openHigh ? value < high : value <= high);
        if (!ok) {
            throw new IllegalArgumentException("SimpleNet setting '" + key + "' must be in [" + low + ", " + high
                    + (openHigh ? ")" : "]") + ", got " + value);
        }
    }
}
