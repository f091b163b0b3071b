package dev.inspection.scoring.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.ImageScoreSource;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.core.tensor.Float16;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * SimpleNet serving: patch embeddings [rows, dim] from the feature service through the exported head
 * (adaptor, batch norm and discriminator folded into one ONNX graph, output {@code -D}) into one
 * raw score per patch; the grid is post-processed with align_corners=False, blur and GRID_MAX.
 *
 * <p>When the head is the exporter's graph and the manifest names the two backbone layers, the head
 * runs split by level ({@link SplitSimpleNetHead}): the runner asks for the two level maps (half the
 * bytes of the patch embeddings), aggregates them here without upsampling the layer3 part, and the
 * first layer runs on the layer3 grid for that part: 3/8 fewer head FLOPs, equal scores up to float
 * summation order. Other heads are served as they are, on patch embeddings.
 */
public final class SimpleNetRunner implements ModelRunner {

    private static final Logger LOG = Logger.getLogger(SimpleNetRunner.class.getName());

    /** Graph input and output names fixed by the export contract. */
    public static final String INPUT = "embeddings";
    public static final String OUTPUT = "patch_scores";
    /** Name of the feature map the feature service returns for PATCH_EMBEDDINGS. */
    public static final String PATCH_EMBEDDINGS = "patch_embeddings";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int gridHeight;
    private final int gridWidth;
    private final int embedDim;
    private final AnomalyMapPipeline pipeline;
    /** Direct input buffers reused across requests; grows to the number of concurrent head runs. */
    private final ConcurrentLinkedQueue<ByteBuffer> inputBuffers = new ConcurrentLinkedQueue<>();
    /** The level-split head, when the head and the manifest allow it (see the class comment). */
    private final SplitSimpleNetHead split;
    /** Backbone levels the split head aggregates: [fine, coarse]. */
    private final List<String> levels;
    /** Aggregators by level-map geometry (one per input size in practice). */
    private final Map<String, PatchAggregator> aggregators = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException when the manifest or the head file do not form a SimpleNet version
     * @throws OrtException             when ONNX Runtime cannot load the head
     */
    public SimpleNetRunner(OrtEnvironment env, Path headFile, ModelManifest manifest, int intraOpThreads)
            throws OrtException {
        this.env = env;
        if (manifest.getEmbeddingDimsCount() != 1) {
            throw new IllegalArgumentException("SimpleNet manifest must list one embedding dim, got "
                    + manifest.getEmbeddingDimsList());
        }
        this.embedDim = manifest.getEmbeddingDims(0);
        this.gridHeight = manifest.getGridHeight();
        this.gridWidth = manifest.getGridWidth();
        if (gridHeight <= 0 || gridWidth <= 0 || embedDim <= 0) {
            throw new IllegalArgumentException("manifest grid " + gridHeight + "x" + gridWidth + " and embedding dim "
                    + embedDim + " must be positive");
        }
        var post = manifest.getPostProcessing();
        this.pipeline = new AnomalyMapPipeline(new PostProcessingConfig(post.getMapSize(), post.getBlurSigma(),
                post.getAlignCorners(), ImageScoreSource.GRID_MAX), gridHeight, gridWidth);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
        // Spinning workers would steal the cores the feature service's backbone needs on the same host.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        this.session = env.createSession(headFile.toString(), options);
        this.levels = manifest.getBackbone().getLayersList();
        try {
            checkSignature();
            this.split = splitHead(env, headFile, intraOpThreads);
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    /** The split head when the graph is the exporter's and the embedding halves are [layer2 | layer3]. */
    private SplitSimpleNetHead splitHead(OrtEnvironment env, Path headFile, int intraOpThreads) throws OrtException {
        if (levels.size() != 2 || embedDim % 2 != 0) {
            return null;
        }
        Optional<FoldedHeadWeights> weights;
        try {
            weights = FoldedHeadWeights.read(Files.readAllBytes(headFile), INPUT, OUTPUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the head " + headFile, e);
        }
        if (weights.isEmpty() || weights.get().dim() != embedDim) {
            LOG.info("head " + headFile.getFileName() + " is not the exporter's folded graph: served on patch embeddings");
            return null;
        }
        // SimpleNet pools [layer2 | layer3] (2 x dim) down to dim: the first half comes from layer2 only.
        return new SplitSimpleNetHead(env, weights.get(), embedDim / 2, intraOpThreads);
    }

    /** Whether the head runs split by level (tests, logs). */
    public boolean splitByLevel() {
        return split != null;
    }

    private void checkSignature() throws OrtException {
        NodeInfo input = session.getInputInfo().get(INPUT);
        if (input == null) {
            throw new IllegalArgumentException("head has no input '" + INPUT + "' (inputs: "
                    + session.getInputNames() + ")");
        }
        if (!session.getOutputNames().contains(OUTPUT)) {
            throw new IllegalArgumentException("head has no output '" + OUTPUT + "' (outputs: "
                    + session.getOutputNames() + ")");
        }
        long[] shape = ((TensorInfo) input.getInfo()).getShape();
        if (shape.length != 2 || (shape[1] >= 0 && shape[1] != embedDim)) {
            throw new IllegalArgumentException("head input '" + INPUT + "' has shape " + java.util.Arrays.toString(shape)
                    + ", expected [N, " + embedDim + "] as the manifest says");
        }
    }

    @Override
    public void requestFeatures(ExtractOptions.Builder options) {
        if (split != null) {
            options.setOutput(OutputKind.LEVEL_MAPS).clearLevels().addAllLevels(levels);
        } else {
            options.setOutput(OutputKind.PATCH_EMBEDDINGS);
        }
    }

    @Override
    public AnomalyMapPipeline pipeline() {
        return pipeline;
    }

    @Override
    public float[][] scoreGrids(ExtractResponse features) {
        if (split != null) {
            return new float[][] {scoreSplit(features)};
        }
        Tensor tensor = patchEmbeddings(features);
        int rows = gridHeight * gridWidth;
        ByteBuffer buffer = takeBuffer();
        try {
            fill(buffer, tensor, rows);
            return new float[][] {runHead(buffer.asFloatBuffer(), rows)};
        } finally {
            inputBuffers.offer(buffer);
        }
    }

    private float[] scoreSplit(ExtractResponse features) {
        FeatureMap fine = levelMap(features, levels.get(0));
        FeatureMap coarse = levelMap(features, levels.get(1));
        Tensor f = fine.getTensor();
        Tensor c = coarse.getTensor();
        if (f.getShape(1) != gridHeight || f.getShape(2) != gridWidth) {
            throw new IllegalArgumentException("level " + fine.getName() + " has shape " + f.getShapeList()
                    + ", the model's grid is " + gridHeight + "x" + gridWidth);
        }
        PatchAggregator aggregator = aggregators.computeIfAbsent(f.getShapeList() + "/" + c.getShapeList(), key -> {
            PatchAggregator a = new PatchAggregator((int) f.getShape(0), (int) f.getShape(1), (int) f.getShape(2),
                    (int) c.getShape(0), (int) c.getShape(1), (int) c.getShape(2), embedDim, embedDim);
            if (!a.splitsByLevel() || a.fineDims() != split.fineDims()) {
                throw new IllegalArgumentException(a + " does not split its embedding into [" + levels.get(0)
                        + " | " + levels.get(1) + "] halves");
            }
            return a;
        });
        float[] layer2 = values(f, aggregator.layer2Floats(), fine.getName());
        float[] layer3 = values(c, aggregator.layer3Floats(), coarse.getName());
        float[] fineRows = new float[aggregator.patchCount() * aggregator.fineDims()];
        float[] coarseRows = new float[aggregator.coarseCount() * aggregator.coarseDims()];
        aggregator.aggregateSplit(layer2, 0, layer3, 0, fineRows, coarseRows);
        return split.scores(aggregator, fineRows, coarseRows);
    }

    private static FeatureMap levelMap(ExtractResponse features, String name) {
        for (FeatureMap map : features.getFeaturesList()) {
            if (name.equals(map.getName())) {
                if (map.getTensor().getShapeCount() != 3) {
                    throw new IllegalArgumentException("level " + name + " has shape " + map.getTensor().getShapeList()
                            + ", expected [C, H, W]");
                }
                return map;
            }
        }
        throw new IllegalArgumentException("feature service returned no level '" + name + "'");
    }

    /** A level map's values as floats (float32 or float16 little-endian on the wire), copied once. */
    private static float[] values(Tensor tensor, int count, String name) {
        ByteString data = tensor.getData();
        float[] values = new float[count];
        if (tensor.getDtype() == DType.FLOAT16 && data.size() == 2 * count) {
            Float16.decode(data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN), values, 0, count);
        } else if (tensor.getDtype() != DType.FLOAT16 && data.size() == 4 * count) {
            data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            throw new IllegalArgumentException("level " + name + " holds " + data.size() + " bytes of " + tensor.getDtype()
                    + ", expected " + count + " values");
        }
        return values;
    }

    private Tensor patchEmbeddings(ExtractResponse features) {
        for (FeatureMap map : features.getFeaturesList()) {
            if (PATCH_EMBEDDINGS.equals(map.getName())) {
                Tensor t = map.getTensor();
                if (t.getShapeCount() != 2 || t.getShape(0) != gridHeight * gridWidth || t.getShape(1) != embedDim) {
                    throw new IllegalArgumentException("patch embeddings have shape " + t.getShapeList()
                            + ", the model needs [" + gridHeight * gridWidth + ", " + embedDim + "]");
                }
                return t;
            }
        }
        throw new IllegalArgumentException("feature service returned no '" + PATCH_EMBEDDINGS + "'");
    }

    private void fill(ByteBuffer buffer, Tensor tensor, int rows) {
        int count = rows * embedDim;
        ByteString data = tensor.getData();
        buffer.clear();
        if (tensor.getDtype() == DType.FLOAT16) {
            if (data.size() != 2 * count) {
                throw new IllegalArgumentException("float16 patch embeddings hold " + data.size() + " bytes, expected "
                        + 2 * count);
            }
            ByteBuffer half = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer out = buffer.asFloatBuffer();
            for (int i = 0; i < count; i++) {
                out.put(i, Float16.toFloat(half.getShort(2 * i)));
            }
        } else {
            if (data.size() != 4 * count) {
                throw new IllegalArgumentException("float32 patch embeddings hold " + data.size() + " bytes, expected "
                        + 4 * count);
            }
            data.copyTo(buffer);
            buffer.flip();
        }
    }

    private float[] runHead(FloatBuffer input, int rows) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {rows, embedDim});
             OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
            OnnxValue value = result.get(OUTPUT).orElseThrow();
            FloatBuffer scores = ((OnnxTensor) value).getFloatBuffer();
            if (scores.remaining() != rows) {
                throw new IllegalStateException("head returned " + scores.remaining() + " scores for " + rows + " patches");
            }
            float[] grid = new float[rows];
            scores.get(grid);
            return grid;
        } catch (OrtException e) {
            throw new IllegalStateException("head inference failed: " + e.getMessage(), e);
        }
    }

    private ByteBuffer takeBuffer() {
        ByteBuffer buffer = inputBuffers.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(gridHeight * gridWidth * embedDim * Float.BYTES)
                    .order(ByteOrder.nativeOrder());
        }
        return buffer;
    }

    @Override
    public void warmUp() {
        if (split != null) {
            // The level geometry is only known from the first response; warm the session on the usual halving.
            int cells = ((gridHeight - 1) / 2 + 1) * ((gridWidth - 1) / 2 + 1);
            PatchAggregator shape = new PatchAggregator(1, gridHeight, gridWidth, 1, (gridHeight - 1) / 2 + 1,
                    (gridWidth - 1) / 2 + 1, embedDim, embedDim);
            float[] grid = split.scores(shape, new float[gridHeight * gridWidth * split.fineDims()],
                    new float[cells * split.coarseDims()]);
            pipeline.computeMap(grid, new float[pipeline.mapPixels()], new AnomalyMapPipeline.Workspace());
        }
        int rows = gridHeight * gridWidth;
        ByteBuffer buffer = takeBuffer();
        try {
            buffer.clear();
            for (int i = 0; i < rows * embedDim; i++) {
                buffer.putFloat(0f);
            }
            buffer.flip();
            float[] grid = runHead(buffer.asFloatBuffer(), rows);
            pipeline.computeMap(grid, new float[pipeline.mapPixels()], new AnomalyMapPipeline.Workspace());
        } finally {
            inputBuffers.offer(buffer);
        }
    }

    @Override
    public void close() {
        if (split != null) {
            split.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the head session failed", e);
        }
        inputBuffers.clear();
    }
}
