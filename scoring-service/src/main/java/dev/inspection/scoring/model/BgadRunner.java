package dev.inspection.scoring.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.bgad.PositionalEncoding;
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.tensor.Float16;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * BGAD serving: the backbone's level maps {@code [C, H, W]} (LEVEL_MAPS) through one exported flow per
 * level ({@code features [N, C_raw]} + {@code positions [N, D]} -> {@code logp [N]}, the channel
 * reduction folded in), then inspection-core's {@link AnomalyMapper} with the manifest's frozen
 * constants: grids {@code -exp(logp - logp_max)}, align_corners=True upsampling, offset {@code map_max},
 * image score = map maximum. Training-time calibration and evaluation run the same files through the
 * same mapper.
 */
public final class BgadRunner implements ModelRunner {

    /** Graph input and output names fixed by the export contract. */
    public static final String FEATURES = "features";
    public static final String POSITIONS = "positions";
    public static final String OUTPUT = "logp";
    /** Custom ONNX metadata key holding a level's grid as "HxW". */
    public static final String GRID_METADATA = "grid";

    /** Positions per transposition tile: both the strided writes and the sequential reads stay in cache. */
    private static final int TILE = 64;

    private final OrtEnvironment env;
    private final List<String> levelNames;
    private final List<Level> levels = new ArrayList<>();
    private final AnomalyMapper mapper;

    /**
     * One level's flow session and shapes; the positional codes are a constant input tensor made once,
     * and the per-request buffers are pooled (concurrent requests each take their own).
     */
    private record Level(String name, OrtSession session, int channels, int height, int width, OnnxTensor positions,
                         ConcurrentLinkedQueue<Lane> lanes) {
        int positionCount() {
            return height * width;
        }
    }

    /**
     * One request's direct buffers for a level: the position rows ONNX Runtime reads in place (no copy
     * into native memory) and the pinned log-likelihood output it writes in place.
     */
    private record Lane(FloatBuffer rows, FloatBuffer logp) {
        static Lane allocate(int rows, int positions) {
            return new Lane(direct(rows), direct(positions));
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
    }

    /**
     * @param flowFiles one exported flow per backbone layer of the manifest, in that order
     * @throws IllegalArgumentException when the manifest or the flows do not form a BGAD version
     * @throws OrtException             when ONNX Runtime cannot load a flow
     */
    public BgadRunner(OrtEnvironment env, List<Path> flowFiles, ModelManifest manifest, int intraOpThreads)
            throws OrtException {
        this.env = env;
        this.levelNames = List.copyOf(manifest.getBackbone().getLayersList());
        if (levelNames.isEmpty() || flowFiles.size() != levelNames.size()) {
            throw new IllegalArgumentException("BGAD manifest lists layers " + levelNames + " but " + flowFiles.size()
                    + " flow files were given");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            // Spinning workers would steal the cores the feature service's backbone needs on the same host.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            for (int l = 0; l < flowFiles.size(); l++) {
                OrtSession session = env.createSession(flowFiles.get(l).toString(), options);
                try {
                    levels.add(level(env, levelNames.get(l), session));
                } catch (RuntimeException | OrtException e) {
                    session.close();
                    throw e;
                }
            }
            int[][] grids = new int[levels.size()][];
            for (int l = 0; l < grids.length; l++) {
                grids[l] = new int[] {levels.get(l).height(), levels.get(l).width()};
            }
            this.mapper = AnomalyMapper.fromConstants(manifest.getCalibration().getConstantsMap(), levelNames, grids,
                    manifest.getPostProcessing().getMapSize());
        } catch (RuntimeException | OrtException e) {
            close();
            throw e;
        }
    }

    private static Level level(OrtEnvironment env, String name, OrtSession session) throws OrtException {
        NodeInfo features = session.getInputInfo().get(FEATURES);
        NodeInfo positionInput = session.getInputInfo().get(POSITIONS);
        if (features == null || positionInput == null || !session.getOutputNames().contains(OUTPUT)) {
            throw new IllegalArgumentException("flow of " + name + " must take '" + FEATURES + "' and '" + POSITIONS
                    + "' and give '" + OUTPUT + "' (inputs " + session.getInputNames() + ", outputs "
                    + session.getOutputNames() + ")");
        }
        long[] featureShape = ((TensorInfo) features.getInfo()).getShape();
        long[] positionShape = ((TensorInfo) positionInput.getInfo()).getShape();
        if (featureShape.length != 2 || featureShape[1] <= 0 || positionShape.length != 2 || positionShape[1] <= 0) {
            throw new IllegalArgumentException("flow of " + name + " has inputs " + java.util.Arrays.toString(featureShape)
                    + " and " + java.util.Arrays.toString(positionShape) + ", expected [N, C] and [N, D]");
        }
        String grid = session.getMetadata().getCustomMetadata().get(GRID_METADATA);
        String[] hw = grid == null ? new String[0] : grid.split("x");
        if (hw.length != 2) {
            throw new IllegalArgumentException("flow of " + name + " has no '" + GRID_METADATA + "' metadata (HxW)");
        }
        int height = Integer.parseInt(hw[0].trim());
        int width = Integer.parseInt(hw[1].trim());
        int dim = (int) positionShape[1];
        OnnxTensor positions = OnnxTensor.createTensor(env, FloatBuffer.wrap(PositionalEncoding.table(height, width, dim)),
                new long[] {(long) height * width, dim});
        return new Level(name, session, (int) featureShape[1], height, width, positions, new ConcurrentLinkedQueue<>());
    }

    @Override
    public void requestFeatures(ExtractOptions.Builder options) {
        options.setOutput(OutputKind.LEVEL_MAPS).clearLevels().addAllLevels(levelNames);
    }

    @Override
    public AnomalyMapPipeline pipeline() {
        return mapper.pipeline();
    }

    @Override
    public float[][] scoreGrids(ExtractResponse features) {
        float[][] logp = new float[levels.size()][];
        for (int l = 0; l < levels.size(); l++) {
            Level level = levels.get(l);
            Lane lane = takeLane(level);
            try {
                fillPositionRows(levelTensor(features, level), level, lane.rows());
                logp[l] = runFlow(level, lane);
            } finally {
                level.lanes().offer(lane);
            }
        }
        return mapper.likelihoodGrids(logp);
    }

    private static Lane takeLane(Level level) {
        Lane lane = level.lanes().poll();
        return lane != null ? lane : Lane.allocate(level.channels() * level.positionCount(), level.positionCount());
    }

    /** The level's {@code [C, H, W]} map from the response, checked against the flow's shape. */
    private static Tensor levelTensor(ExtractResponse features, Level level) {
        for (FeatureMap map : features.getFeaturesList()) {
            if (!level.name().equals(map.getName())) {
                continue;
            }
            Tensor t = map.getTensor();
            if (t.getShapeCount() != 3 || t.getShape(0) != level.channels() || t.getShape(1) != level.height()
                    || t.getShape(2) != level.width()) {
                throw new IllegalArgumentException("level " + level.name() + " has shape " + t.getShapeList()
                        + ", the model needs [" + level.channels() + ", " + level.height() + ", " + level.width() + "]");
            }
            long bytes = (long) level.channels() * level.positionCount() * (t.getDtype() == DType.FLOAT16 ? 2 : 4);
            if (t.getData().size() != bytes) {
                throw new IllegalArgumentException("level " + level.name() + " holds " + t.getData().size()
                        + " bytes, expected " + bytes + " (" + t.getDtype() + ")");
            }
            return t;
        }
        throw new IllegalArgumentException("feature service returned no level '" + level.name() + "'");
    }

    /**
     * Decodes the little-endian float32/float16 {@code [C, H, W]} wire bytes straight into position rows
     * {@code [H*W, C]} in the lane's direct buffer: one pass, no intermediate arrays.
     */
    private static void fillPositionRows(Tensor t, Level level, FloatBuffer rows) {
        ByteBuffer wire = t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean half = t.getDtype() == DType.FLOAT16;
        int channels = level.channels();
        int positions = level.positionCount();
        for (int n0 = 0; n0 < positions; n0 += TILE) {
            int n1 = Math.min(positions, n0 + TILE);
            for (int c = 0; c < channels; c++) {
                int src = c * positions;
                for (int n = n0; n < n1; n++) {
                    float v = half ? Float16.toFloat(wire.getShort(2 * (src + n))) : wire.getFloat(4 * (src + n));
                    rows.put(n * channels + c, v);
                }
            }
        }
    }

    private float[] runFlow(Level level, Lane lane) {
        int n = level.positionCount();
        try (OnnxTensor features = OnnxTensor.createTensor(env, lane.rows(), new long[] {n, level.channels()});
             OnnxTensor logp = OnnxTensor.createTensor(env, lane.logp(), new long[] {n})) {
            level.session().run(Map.of(FEATURES, features, POSITIONS, level.positions()), Map.of(OUTPUT, logp)).close();
            float[] out = new float[n];
            lane.logp().get(0, out);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("flow inference of " + level.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void warmUp() {
        float[][] logp = new float[levels.size()][];
        for (int l = 0; l < levels.size(); l++) {
            Level level = levels.get(l);
            Lane lane = takeLane(level); // freshly allocated direct memory is zero
            try {
                logp[l] = runFlow(level, lane);
            } finally {
                level.lanes().offer(lane);
            }
        }
        float[] map = new float[mapper.pipeline().mapPixels()];
        mapper.pipeline().computeMap(mapper.likelihoodGrids(logp), map, new AnomalyMapPipeline.Workspace());
    }

    @Override
    public void close() {
        IllegalStateException failure = null;
        for (Level level : levels) {
            level.positions().close();
            try {
                level.session().close();
            } catch (OrtException e) {
                failure = new IllegalStateException("closing the flow session of " + level.name() + " failed", e);
            }
        }
        levels.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
