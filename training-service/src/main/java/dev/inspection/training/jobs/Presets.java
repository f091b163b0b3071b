package dev.inspection.training.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * SimpleNet hyperparameter presets and override validation. "paper" is the reference run.sh
 * (methods.md §1.1, §1.8); "cpu" keeps the architecture and losses but trains far fewer passes with
 * smaller batches so that a category finishes on a CPU in minutes.
 */
public final class Presets {

    public static final String CPU = "cpu";
    public static final String PAPER = "paper";

    public static final String META_EPOCHS = "meta_epochs";
    public static final String GAN_EPOCHS = "gan_epochs";
    public static final String STEPS = "steps";
    public static final String BATCH_SIZE = "batch_size";
    public static final String LR = "lr";
    public static final String DSC_LR = "dsc_lr";
    public static final String NOISE_STD = "noise_std";
    public static final String MIX_NOISE = "mix_noise";
    public static final String DSC_MARGIN = "dsc_margin";
    public static final String DSC_HIDDEN = "dsc_hidden";
    public static final String VALIDATION_FRACTION = "validation_fraction";

    private static final List<HyperParameter> SIMPLENET = List.of(
            new HyperParameter(META_EPOCHS, true, 1, 1000, 2, 40, "meta-epochs"),
            new HyperParameter(GAN_EPOCHS, true, 1, 100, 2, 4, "passes over the training set per meta-epoch"),
            new HyperParameter(STEPS, true, 0, 10_000_000, 0, 0,
                    "cap on optimiser steps, 0 = meta_epochs * gan_epochs passes"),
            new HyperParameter(BATCH_SIZE, true, 1, 256, 4, 8, "images per optimiser step"),
            new HyperParameter(LR, false, 1e-7, 1.0, 1e-4, 1e-4, "adaptor learning rate (AdamW)"),
            new HyperParameter(DSC_LR, false, 1e-7, 1.0, 2e-4, 2e-4, "discriminator learning rate (Adam)"),
            new HyperParameter(NOISE_STD, false, 1e-6, 10.0, 0.015, 0.015, "std of the synthetic-anomaly noise"),
            new HyperParameter(MIX_NOISE, true, 1, 16, 1, 1, "noise scales sigma * 1.1^k, k < mix_noise"),
            new HyperParameter(DSC_MARGIN, false, 0.0, 10.0, 0.5, 0.5, "truncated-L1 margin th"),
            new HyperParameter(DSC_HIDDEN, true, 1, 8192, 1024, 1024, "discriminator hidden width"),
            new HyperParameter(VALIDATION_FRACTION, false, 0.0, 0.9, 0.1, 0.1,
                    "share of TRAIN normals held out for calibration when the snapshot has no VALIDATION split"));

    private static final Map<String, HyperParameter> BY_NAME = new LinkedHashMap<>();

    static {
        for (HyperParameter p : SIMPLENET) {
            BY_NAME.put(p.name(), p);
        }
    }

    private Presets() {
    }

    public static List<HyperParameter> simpleNetParameters() {
        return SIMPLENET;
    }

    /**
     * The effective configuration: the preset's values with the overrides applied, each validated and
     * written in canonical form, plus {@code preset}.
     *
     * @param preset    "cpu", "paper", or "" for cpu
     * @throws TrainingException INVALID_ARGUMENT naming an unknown preset, unknown key or bad value
     */
    public static SortedMap<String, String> resolve(String preset, Map<String, String> overrides) {
        String name = preset == null || preset.isBlank() ? CPU : preset.trim();
        if (!name.equals(CPU) && !name.equals(PAPER)) {
            throw TrainingException.invalidArgument("unknown preset '" + preset + "' (expected 'cpu' or 'paper')");
        }
        SortedMap<String, String> config = new TreeMap<>();
        for (HyperParameter p : SIMPLENET) {
            config.put(p.name(), p.format(name.equals(PAPER) ? p.paper() : p.cpu()));
        }
        for (Map.Entry<String, String> override : new TreeMap<>(overrides).entrySet()) {
            HyperParameter p = BY_NAME.get(override.getKey());
            if (p == null) {
                throw TrainingException.invalidArgument("unknown override '" + override.getKey()
                        + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
            }
            config.put(p.name(), p.format(p.parse(override.getValue())));
        }
        config.put("preset", name);
        return config;
    }
}
