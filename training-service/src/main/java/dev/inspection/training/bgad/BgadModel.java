package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingChoice;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.image.PreprocessingSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained BGAD model: per level the fixed channel reduction and the trained flow, the frozen
 * scoring constants, the preprocessing and the ids of the labelled anomalies used (to exclude from
 * evaluation). Serving runs {@link #exportLevelOnnx(int)} per level and {@link AnomalyMapper} on the outputs.
 */
public final class BgadModel {

    public static final String METHOD = "bgad";

    private final BgadConfig config;
    private final PreprocessingSpec preprocessing;
    private final List<LevelShape> rawShapes;
    private final List<LevelShape> reducedShapes;
    private final List<ChannelReduction> reductions;
    private final List<FlowWeights> flows;
    private final ScoringConstants constants;
    private final List<String> knownAnomalyIds;
    private final double trainingSeconds;
    private final int skippedUpdates;

    public BgadModel(BgadConfig config, PreprocessingSpec preprocessing, List<LevelShape> rawShapes,
                     List<LevelShape> reducedShapes, List<ChannelReduction> reductions, List<FlowWeights> flows,
                     ScoringConstants constants, List<String> knownAnomalyIds, double trainingSeconds,
                     int skippedUpdates) {
        int levels = rawShapes.size();
        if (reducedShapes.size() != levels || reductions.size() != levels || flows.size() != levels) {
            throw new IllegalArgumentException("shapes, reductions and flows must cover the same " + levels + " levels");
        }
        this.config = config;
        this.preprocessing = preprocessing;
        this.rawShapes = List.copyOf(rawShapes);
        this.reducedShapes = List.copyOf(reducedShapes);
        this.reductions = List.copyOf(reductions);
        this.flows = List.copyOf(flows);
        this.constants = constants;
        this.knownAnomalyIds = List.copyOf(knownAnomalyIds);
        this.trainingSeconds = trainingSeconds;
        this.skippedUpdates = skippedUpdates;
    }

    /** Level updates left out because their values were not finite ({@link DivergenceGuard}). */
    public int skippedUpdates() {
        return skippedUpdates;
    }

    public BgadConfig config() {
        return config;
    }

    public PreprocessingSpec preprocessing() {
        return preprocessing;
    }

    public List<LevelShape> rawShapes() {
        return rawShapes;
    }

    public List<LevelShape> reducedShapes() {
        return reducedShapes;
    }

    public List<ChannelReduction> reductions() {
        return reductions;
    }

    public List<FlowWeights> flows() {
        return flows;
    }

    public ScoringConstants constants() {
        return constants;
    }

    public List<String> knownAnomalyIds() {
        return knownAnomalyIds;
    }

    public double trainingSeconds() {
        return trainingSeconds;
    }

    public int levelCount() {
        return rawShapes.size();
    }

    /** The anomaly-map builder with this model's frozen constants. */
    public AnomalyMapper mapper() {
        return constants.mapper(reducedShapes);
    }

    /** DJL inference on reduced rows (close it after use). */
    public FlowScorer newScorer() {
        return new FlowScorer(flows, reducedShapes);
    }

    /** ONNX graph of level {@code level} (0-based): raw rows + positional codes -> per-dimension logp. */
    public byte[] exportLevelOnnx(int level) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("method", METHOD);
        meta.put("level", Integer.toString(level + 1));
        LevelShape s = rawShapes.get(level);
        meta.put("grid", s.height() + "x" + s.width());
        meta.put("positional_encoding", "2d sin/cos, D=" + config.positionalDim() + ", raw integer grid indices");
        meta.put("level_max_logp", Float.toString(constants.levelMaxLogp()[level]));
        return BgadOnnxExporter.export(reductions.get(level), flows.get(level), meta);
    }

    /** Everything a deployment must know, as key/values (constants, preprocessing, reductions, data used). */
    public Map<String, String> manifest() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("method", METHOD);
        m.put("preprocessing.mode", preprocessing.mode().name());
        m.put("preprocessing.resize", Integer.toString(preprocessing.resizeSize()));
        m.put("preprocessing.crop", Integer.toString(preprocessing.cropSize()));
        m.put("preprocessing.rule", "RESIZE_WHOLE when any training image's aspect ratio deviates more than "
                + PreprocessingChoice.SQUARE_TOLERANCE + " from 1 (never crop a defect away)");
        for (int l = 0; l < rawShapes.size(); l++) {
            LevelShape s = rawShapes.get(l);
            String p = "level" + (l + 1) + ".";
            m.put(p + "grid", s.height() + "x" + s.width());
            m.putAll(reductions.get(l).describe(p + "reduction."));
            m.put(p + "flow.channels", Integer.toString(flows.get(l).channels()));
            m.put(p + "flow.blocks", Integer.toString(flows.get(l).blocks().size()));
            m.put(p + "onnx.inputs", BgadOnnxExporter.FEATURES + "[N," + s.channels() + "], "
                    + BgadOnnxExporter.POSITIONS + "[N," + config.positionalDim() + "]");
            m.put(p + "onnx.output", BgadOnnxExporter.LOGP + "[N] (log-likelihood per dimension)");
        }
        m.putAll(constants.describe());
        m.put("known_anomalies.count", Integer.toString(knownAnomalyIds.size()));
        m.put("known_anomalies.ids", String.join(",", knownAnomalyIds));
        m.put("known_anomalies.note", "used for training; exclude them from evaluation");
        m.put("training.seconds", String.format(java.util.Locale.ROOT, "%.1f", trainingSeconds));
        m.put("training.skipped_updates", Integer.toString(skippedUpdates));
        config.toMap().forEach((k, v) -> m.put("config." + k, v));
        return m;
    }
}
