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
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.ImageScoreSource;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.core.tensor.Float16;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * SimpleNet serving: patch embeddings [rows, dim] from the feature service through the exported head
 * (adaptor, batch norm and discriminator folded into one ONNX graph, output {@code -D}) into one
 * raw score per patch; the grid is post-processed with align_corners=False, blur and GRID_MAX.
 */
public final class SimpleNetRunner implements ModelRunner {

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
        try {
            checkSignature();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
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
        options.setOutput(OutputKind.PATCH_EMBEDDINGS);
    }

    @Override
    public AnomalyMapPipeline pipeline() {
        return pipeline;
    }

    @Override
    public float[][] scoreGrids(ExtractResponse features) {
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
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the head session failed", e);
        }
        inputBuffers.clear();
    }
}
