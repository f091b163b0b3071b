package dev.inspection.training.bgad;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a BGAD training run. Start from {@link #preset(Preset)} and change single
 * knobs with {@link #withOverrides(Map)} (keys as in {@link #toMap()}).
 *
 * @param reducedChannels      flow width per level after the fixed channel reduction (layer1..3)
 * @param couplingBlocks       AllInOneBlocks per level flow (8)
 * @param clampAlpha           soft clamp of the coupling scale (1.9)
 * @param positionalDim        width of the positional condition (128)
 * @param beta                 boundary quantile (0.01, README command)
 * @param tau                  margin between the normal and the abnormal boundary (0.1)
 * @param normalizer           extra scale of logp inside the boundary loss (10)
 * @param lambda               weight of the BG-SPP loss (1)
 * @param focalWeighting       focal weights on/off (on)
 * @param learningRate         Adam base learning rate
 * @param steps                optimisation steps; each step runs one chunk per level
 * @param rowsPerChunk         feature rows per chunk
 * @param imagesPerStep        training entries a step draws its rows from (batch size)
 * @param knownAnomalies       labelled anomalous images to use (10)
 * @param realReuse            entries per known anomaly in the training set (5)
 * @param pseudoPerKnown       pseudo anomalies generated per known anomaly (a cached pool)
 * @param pseudoEntries        pseudo-anomaly entries per known anomaly in the training set (5)
 * @param inputSize            network input side (square)
 * @param referenceImages      training normals used to freeze the scoring constants
 * @param statisticsImages     training normals used to fit the channel standardisation
 * @param seed                 seed of every random choice (flows, sampling, augmentation)
 * @param maskDownsampling     how defect masks reach each level's grid (BGAD: nearest)
 * @param ignoreRing           normal cells within this many cells of a defect cell are left out of training (0)
 */
public record BgadConfig(int[] reducedChannels, int couplingBlocks, float clampAlpha, int positionalDim,
                         double beta, double tau, double normalizer, double lambda, boolean focalWeighting,
                         double learningRate, int steps, int rowsPerChunk, int imagesPerStep, int knownAnomalies,
                         int realReuse, int pseudoPerKnown, int pseudoEntries, int inputSize, int referenceImages,
                         int statisticsImages, long seed,
                         LevelMasks.Rule maskDownsampling, int ignoreRing) {

    /** Named starting points. */
    public enum Preset {
        /**
         * The README command's hyper-parameters on the full channel width of our backbone, with the
         * official 4096-row chunks and roughly the official update count, and BGAD's nearest mask
         * downsampling; hours on a CPU.
         */
        PAPER,
        /**
         * The CPU recipe of shared/reference/bgad_ref.py (128/128/256 channels, 2048-row chunks) with a
         * short schedule: 600 steps at lr 1e-3 (the reference's better magnetic-tile setting), about
         * 6 minutes of training on 2 idle cores (~0.56 s per step measured here). Defect masks reach the
         * levels by {@link LevelMasks.Rule#ANY_PIXEL}: with nearest, cracks a few pixels wide vanish from
         * layer2/layer3 and their cells train as normal (magnetic tile: image AUROC +0.04 to +0.05 per seed);
         * the normal cells next to a defect cell are left out ({@code ignore_ring=1}: +0.004 to +0.018 more).
         */
        CPU
    }

    public BgadConfig {
        reducedChannels = reducedChannels.clone();
        if (reducedChannels.length == 0) {
            throw new IllegalArgumentException("at least one feature level is needed");
        }
        for (int c : reducedChannels) {
            if (c < 2) {
                throw new IllegalArgumentException("every level needs >= 2 channels, got " + Arrays.toString(reducedChannels));
            }
        }
        Objects.requireNonNull(maskDownsampling, "maskDownsampling");
        if (ignoreRing < 0) {
            throw new IllegalArgumentException("ignoreRing must be >= 0, got " + ignoreRing);
        }
        requirePositive("couplingBlocks", couplingBlocks);
        requirePositive("steps", steps);
        requirePositive("rowsPerChunk", rowsPerChunk);
        requirePositive("imagesPerStep", imagesPerStep);
        requirePositive("knownAnomalies", knownAnomalies);
        requirePositive("inputSize", inputSize);
        requirePositive("referenceImages", referenceImages);
        requirePositive("statisticsImages", statisticsImages);
        if (realReuse < 0 || pseudoEntries < 0 || pseudoPerKnown < 0) {
            throw new IllegalArgumentException("realReuse, pseudoEntries and pseudoPerKnown must be >= 0");
        }
        if (pseudoEntries > 0 && pseudoPerKnown == 0) {
            throw new IllegalArgumentException("pseudoEntries > 0 needs pseudoPerKnown > 0");
        }
        if (positionalDim < 4 || positionalDim % 4 != 0) {
            throw new IllegalArgumentException("positionalDim must be a positive multiple of 4, got " + positionalDim);
        }
        if (!(learningRate > 0) || !(clampAlpha > 0)) {
            throw new IllegalArgumentException("learningRate and clampAlpha must be positive");
        }
        // BoundaryLoss.Settings validates beta and normalizer.
        new BoundaryLoss.Settings(beta, tau, normalizer, lambda, focalWeighting);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    public static BgadConfig preset(Preset preset) {
        return switch (preset) {
            case PAPER -> new BgadConfig(new int[] {256, 512, 1024}, 8, 1.9f, 128, 0.01, 0.1, 10, 1, true,
                    2e-4, 20000, 4096, 32, 10, 5, 20, 5, 256, 150, 32, 0, LevelMasks.Rule.NEAREST, 0);
            case CPU -> new BgadConfig(new int[] {128, 128, 256}, 8, 1.9f, 128, 0.01, 0.1, 10, 1, true,
                    1e-3, 600, 2048, 32, 10, 5, 10, 5, 256, 64, 32, 0, LevelMasks.Rule.ANY_PIXEL, 1);
        };
    }

    @Override
    public int[] reducedChannels() {
        return reducedChannels.clone();
    }

    public BoundaryLoss.Settings lossSettings() {
        return new BoundaryLoss.Settings(beta, tau, normalizer, lambda, focalWeighting);
    }

    public BgadConfig withSeed(long newSeed) {
        return withOverrides(Map.of("seed", Long.toString(newSeed)));
    }

    public BgadConfig withSteps(int newSteps) {
        return withOverrides(Map.of("steps", Integer.toString(newSteps)));
    }

    /** Every knob as text, for manifests and for {@link #withOverrides}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reduced_channels", String.join(",", Arrays.stream(reducedChannels).mapToObj(Integer::toString).toList()));
        m.put("coupling_blocks", Integer.toString(couplingBlocks));
        m.put("clamp_alpha", Float.toString(clampAlpha));
        m.put("positional_dim", Integer.toString(positionalDim));
        m.put("beta", Double.toString(beta));
        m.put("tau", Double.toString(tau));
        m.put("normalizer", Double.toString(normalizer));
        m.put("lambda", Double.toString(lambda));
        m.put("focal_weighting", Boolean.toString(focalWeighting));
        m.put("learning_rate", Double.toString(learningRate));
        m.put("steps", Integer.toString(steps));
        m.put("rows_per_chunk", Integer.toString(rowsPerChunk));
        m.put("images_per_step", Integer.toString(imagesPerStep));
        m.put("known_anomalies", Integer.toString(knownAnomalies));
        m.put("real_reuse", Integer.toString(realReuse));
        m.put("pseudo_per_known", Integer.toString(pseudoPerKnown));
        m.put("pseudo_entries", Integer.toString(pseudoEntries));
        m.put("input_size", Integer.toString(inputSize));
        m.put("reference_images", Integer.toString(referenceImages));
        m.put("statistics_images", Integer.toString(statisticsImages));
        m.put("seed", Long.toString(seed));
        m.put("mask_downsampling", maskDownsampling.key());
        m.put("ignore_ring", Integer.toString(ignoreRing));
        return m;
    }

    /** A copy with the given knobs replaced; unknown keys and unparsable values are rejected. */
    public BgadConfig withOverrides(Map<String, String> overrides) {
        Map<String, String> m = toMap();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown BGAD setting '" + e.getKey() + "'; known: " + m.keySet());
            }
            m.put(e.getKey(), e.getValue().trim());
        }
        try {
            return new BgadConfig(
                    Arrays.stream(m.get("reduced_channels").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray(),
                    Integer.parseInt(m.get("coupling_blocks")), Float.parseFloat(m.get("clamp_alpha")),
                    Integer.parseInt(m.get("positional_dim")), Double.parseDouble(m.get("beta")),
                    Double.parseDouble(m.get("tau")), Double.parseDouble(m.get("normalizer")),
                    Double.parseDouble(m.get("lambda")), parseBoolean(m.get("focal_weighting")),
                    Double.parseDouble(m.get("learning_rate")), Integer.parseInt(m.get("steps")),
                    Integer.parseInt(m.get("rows_per_chunk")), Integer.parseInt(m.get("images_per_step")),
                    Integer.parseInt(m.get("known_anomalies")), Integer.parseInt(m.get("real_reuse")),
                    Integer.parseInt(m.get("pseudo_per_known")), Integer.parseInt(m.get("pseudo_entries")),
                    Integer.parseInt(m.get("input_size")), Integer.parseInt(m.get("reference_images")),
                    Integer.parseInt(m.get("statistics_images")), Long.parseLong(m.get("seed")),
                    LevelMasks.Rule.parse(m.get("mask_downsampling")), Integer.parseInt(m.get("ignore_ring")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BGAD setting is not a number: " + e.getMessage(), e);
        }
    }

    private static boolean parseBoolean(String v) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("focal_weighting must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BgadConfig c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "BgadConfig" + toMap();
    }
}
