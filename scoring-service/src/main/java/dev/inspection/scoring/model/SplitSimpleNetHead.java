package dev.inspection.scoring.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * SimpleNet's folded head applied to level-split embeddings. The patch embedding is [layer2 part |
 * layer3 part], and the layer3 part of every patch is a bilinear upsampling of vectors on the 4x
 * smaller layer3 grid ({@link PatchAggregator#aggregateSplit}). The first layer is linear and bilinear
 * interpolation commutes with per-patch linear maps, so
 * <pre>
 *   W x + b = (W_fine x_fine + b) + upsample(W_coarse x_coarse)
 * </pre>
 * with the coarse product on H3*W3 rows instead of H2*W2: 3/8 fewer multiply-adds for SimpleNet
 * (1296 x 768 + 324 x 768 rows x columns instead of 1296 x 1536), and half the feature transfer
 * (level maps instead of patch embeddings). ONNX Runtime runs both products in one session; the
 * upsampling, LeakyReLU and the 1-output last layer (a dot product per patch) run here.
 * Equal to the unsplit head up to float summation order.
 */
final class SplitSimpleNetHead implements AutoCloseable {

    static final String FINE = "fine";
    static final String COARSE = "coarse";
    private static final String HIDDEN_FINE = "hidden_fine";
    private static final String HIDDEN_COARSE = "hidden_coarse";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final FoldedHeadWeights weights;
    private final int fineDims;
    private final ConcurrentLinkedQueue<InputBuffers> inputBuffers = new ConcurrentLinkedQueue<>();

    /** @param fineDims leading embedding components that come from layer2 (the rest from layer3) */
    SplitSimpleNetHead(OrtEnvironment env, FoldedHeadWeights weights, int fineDims, int intraOpThreads) throws OrtException {
        if (fineDims <= 0 || fineDims >= weights.dim()) {
            throw new IllegalArgumentException("fine dims " + fineDims + " must split the " + weights.dim() + "-dim embedding");
        }
        this.env = env;
        this.weights = weights;
        this.fineDims = fineDims;
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        this.session = env.createSession(firstLayerGraph(weights, fineDims), options);
    }

    int fineDims() {
        return fineDims;
    }

    int coarseDims() {
        return weights.dim() - fineDims;
    }

    /** The first layer's two column blocks as one graph: fine rows with the bias, coarse rows without. */
    private static byte[] firstLayerGraph(FoldedHeadWeights w, int fineDims) {
        int hidden = w.hidden();
        int dim = w.dim();
        int coarseDims = dim - fineDims;
        float[] fineWeight = new float[hidden * fineDims];
        float[] coarseWeight = new float[hidden * coarseDims];
        for (int h = 0; h < hidden; h++) {
            System.arraycopy(w.w1(), h * dim, fineWeight, h * fineDims, fineDims);
            System.arraycopy(w.w1(), h * dim + fineDims, coarseWeight, h * coarseDims, coarseDims);
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder("simplenet_head_first_layer_split");
        OnnxOps ops = new OnnxOps(graph);
        String fine = graph.input(FINE, OnnxDim.symbolic("patches"), OnnxDim.fixed(fineDims));
        String coarse = graph.input(COARSE, OnnxDim.symbolic("coarse_cells"), OnnxDim.fixed(coarseDims));
        String hiddenFine = ops.gemm("fine", fine, fineWeight, fineDims, hidden, w.b1(), true);
        String hiddenCoarse = ops.gemm("coarse", coarse, coarseWeight, coarseDims, hidden, null, true);
        graph.op("Identity").inputs(hiddenFine).outputs(HIDDEN_FINE).add();
        graph.op("Identity").inputs(hiddenCoarse).outputs(HIDDEN_COARSE).add();
        graph.output(HIDDEN_FINE, OnnxDim.symbolic("patches"), OnnxDim.fixed(hidden));
        graph.output(HIDDEN_COARSE, OnnxDim.symbolic("coarse_cells"), OnnxDim.fixed(hidden));
        return graph.toBytes();
    }

    /**
     * Patch scores {@code -(w2 . LeakyReLU(W x + b))} of one image from its split embeddings.
     *
     * @param fineRows   [patchCount, fineDims] row-major
     * @param coarseRows [coarseCount, coarseDims] row-major
     */
    float[] scores(PatchAggregator aggregator, float[] fineRows, float[] coarseRows) {
        int patches = aggregator.patchCount();
        int cells = aggregator.coarseCount();
        int hidden = weights.hidden();
        float[] hiddenFine;
        float[] hiddenCoarse;
        InputBuffers buffers = takeBuffers();
        try (OnnxTensor fine = OnnxTensor.createTensor(env, buffers.fine(fineRows), new long[] {patches, fineDims});
             OnnxTensor coarse = OnnxTensor.createTensor(env, buffers.coarse(coarseRows), new long[] {cells, coarseDims()});
             OrtSession.Result result = session.run(Map.of(FINE, fine, COARSE, coarse))) {
            hiddenFine = floats((OnnxTensor) result.get(HIDDEN_FINE).orElseThrow(), patches * hidden);
            hiddenCoarse = floats((OnnxTensor) result.get(HIDDEN_COARSE).orElseThrow(), cells * hidden);
        } catch (OrtException e) {
            throw new IllegalStateException("head inference failed: " + e.getMessage(), e);
        } finally {
            inputBuffers.offer(buffers);
        }
        aggregator.addUpsampledRows(hiddenCoarse, hiddenFine, hidden);
        float[] w2 = weights.w2();
        float alpha = weights.alpha();
        float[] scores = new float[patches];
        int unrolled = hidden - hidden % 4;
        for (int n = 0; n < patches; n++) {
            int row = n * hidden;
            // Four independent partial sums: a single running sum is one long chain of dependent adds.
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int h = 0; h < unrolled; h += 4) {
                s0 += w2[h] * leaky(hiddenFine[row + h], alpha);
                s1 += w2[h + 1] * leaky(hiddenFine[row + h + 1], alpha);
                s2 += w2[h + 2] * leaky(hiddenFine[row + h + 2], alpha);
                s3 += w2[h + 3] * leaky(hiddenFine[row + h + 3], alpha);
            }
            for (int h = unrolled; h < hidden; h++) {
                s0 += w2[h] * leaky(hiddenFine[row + h], alpha);
            }
            scores[n] = -((s0 + s1) + (s2 + s3));
        }
        return scores;
    }

    /**
     * Direct input buffers, reused across requests (one set per concurrent run): ONNX Runtime reads
     * direct buffers in place, while heap arrays would be copied into a fresh direct buffer per call.
     */
    private static final class InputBuffers {
        private FloatBuffer fine = FloatBuffer.allocate(0);
        private FloatBuffer coarse = FloatBuffer.allocate(0);

        FloatBuffer fine(float[] rows) {
            fine = fill(fine, rows);
            return fine;
        }

        FloatBuffer coarse(float[] rows) {
            coarse = fill(coarse, rows);
            return coarse;
        }

        private static FloatBuffer fill(FloatBuffer buffer, float[] rows) {
            FloatBuffer target = buffer.capacity() >= rows.length ? buffer : ByteBuffer
                    .allocateDirect(Math.multiplyExact(rows.length, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
            target.clear();
            target.put(rows);
            return target.flip();
        }
    }

    private InputBuffers takeBuffers() {
        InputBuffers buffers = inputBuffers.poll();
        return buffers != null ? buffers : new InputBuffers();
    }

    private static float leaky(float v, float alpha) {
        return v >= 0f ? v : alpha * v;
    }

    private static float[] floats(OnnxTensor tensor, int expected) throws OrtException {
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer.remaining() != expected) {
            throw new IllegalStateException("head produced " + buffer.remaining() + " values, expected " + expected);
        }
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0 && buffer.array().length == expected) {
            return buffer.array(); // ONNX Runtime's copy is ours already
        }
        float[] values = new float[expected];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() {
        inputBuffers.clear();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the split head session failed", e);
        }
    }
}
