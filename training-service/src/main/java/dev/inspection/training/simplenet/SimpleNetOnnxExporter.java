package dev.inspection.training.simplenet;

import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a trained SimpleNet head as ONNX with the product's graph writer. The adaptor and the
 * eval-mode BatchNorm are folded into the first layer ({@link FoldedHead}), so the graph is
 * <pre>
 *   embeddings [N, D] float32
 *     -> Gemm(W' [H, D], transB=1, b' [H])  -> LeakyRelu(alpha)
 *     -> Gemm(w2 [1, H], transB=1, no bias) -> Neg
 *     -> patch_scores [N, 1] float32         (higher = more anomalous)
 * </pre>
 * with {@link #INPUT} = {@code "embeddings"} and {@link #OUTPUT} = {@code "patch_scores"}; N is the
 * symbolic dimension {@code "patches"} (one image's 1296 rows, or any batch of rows). Model metadata
 * records the method, dimensions, noise sigma and the training settings.
 */
public final class SimpleNetOnnxExporter {

    /** Graph input: patch embeddings, [N, D] float32. */
    public static final String INPUT = "embeddings";
    /** Graph output: patch scores {@code -D(adaptor(f))}, [N, 1] float32. */
    public static final String OUTPUT = "patch_scores";
    /** Symbolic name of the row dimension. */
    public static final String ROWS = "patches";

    private SimpleNetOnnxExporter() {
    }

    /** Writes the model atomically to {@code target}. */
    public static void export(TrainedSimpleNet model, Path target) throws IOException {
        build(model).writeTo(target);
    }

    /** The serialised model. */
    public static byte[] toBytes(TrainedSimpleNet model) {
        return build(model).toBytes();
    }

    private static OnnxGraphBuilder build(TrainedSimpleNet model) {
        FoldedHead head = model.foldedHead();
        int d = head.featureDim();
        int h = head.hiddenDim();
        OnnxGraphBuilder graph = new OnnxGraphBuilder("simplenet_head")
                .producer("inspection-training", "simplenet-1")
                .graphDocString("SimpleNet head, adaptor and eval BatchNorm folded into the first layer: "
                        + "patch_scores = -(w2 . LeakyReLU(W' x + b'))");
        OnnxOps ops = new OnnxOps(graph);
        String x = graph.input(INPUT, OnnxDim.symbolic(ROWS), OnnxDim.fixed(d));
        String hidden = ops.gemm("folded_hidden", x, head.weight(), d, h, head.bias(), true);
        String activated = ops.leakyRelu(hidden, (float) head.leakySlope());
        String discriminator = ops.gemm("discriminator_out", activated, head.outputWeight(), h, 1, null, true);
        String scores = graph.op("Neg").inputs(discriminator).outputs(OUTPUT).add();
        graph.output(scores, OnnxDim.symbolic(ROWS), OnnxDim.fixed(1));
        TrainedSimpleNet.TrainingSummary summary = model.summary();
        graph.metadata("method", "simplenet");
        graph.metadata("feature_dim", Integer.toString(d));
        graph.metadata("hidden_dim", Integer.toString(h));
        graph.metadata("score", "patch score = -D(adaptor(f)); image score = max over patches");
        graph.metadata("noise_std", String.format(Locale.ROOT, "%.6g", summary.noiseStd()));
        graph.metadata("training_steps", Integer.toString(summary.steps()));
        graph.metadata("training_images", Integer.toString(summary.trainingImages()));
        for (Map.Entry<String, String> e : model.config().toMap().entrySet()) {
            graph.metadata("config." + e.getKey(), e.getValue());
        }
        return graph;
    }
}
