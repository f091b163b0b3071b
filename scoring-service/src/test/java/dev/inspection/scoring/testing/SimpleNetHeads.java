package dev.inspection.scoring.testing;

import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;

import java.util.SplittableRandom;

/**
 * SimpleNet heads as the training service exports them (Linear with folded batch norm, LeakyReLU 0.2,
 * Linear without bias, negated: {@code patch_scores = -D(embeddings)}), with fixed pseudo-random
 * Xavier-normal weights so tests are repeatable.
 */
public final class SimpleNetHeads {

    public static final int EMBED_DIM = 1536;
    public static final int HIDDEN = 1024;

    private SimpleNetHeads() {
    }

    /** The head's weights, kept for computing expected scores. */
    public record Weights(float[] w1, float[] b1, float[] w2) {
    }

    public static Weights weights(long seed, int embedDim, int hidden) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w1 = gaussian(random, hidden * embedDim, Math.sqrt(2.0 / (embedDim + hidden)));
        float[] b1 = gaussian(random, hidden, 0.05);
        float[] w2 = gaussian(random, hidden, Math.sqrt(2.0 / (hidden + 1)));
        return new Weights(w1, b1, w2);
    }

    /** ONNX bytes of the head: input "embeddings" [N, embedDim], output "patch_scores" [N, 1]. */
    public static byte[] onnx(Weights w, int embedDim, int hidden) {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("simplenet_head");
        OnnxOps ops = new OnnxOps(graph);
        String x = graph.input("embeddings", OnnxDim.symbolic("N"), OnnxDim.fixed(embedDim));
        String h = ops.gemm("dsc.fc1", x, w.w1(), embedDim, hidden, w.b1(), true);
        h = ops.leakyRelu(h, 0.2f);
        String d = ops.gemm("dsc.fc2", h, w.w2(), hidden, 1, null, true);
        String scores = graph.op("Neg").inputs(d).outputs("patch_scores").add();
        graph.output(scores, OnnxDim.symbolic("N"), OnnxDim.fixed(1));
        return graph.toBytes();
    }

    private static float[] gaussian(SplittableRandom random, int n, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (std * r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                out[i + 1] = (float) (std * r * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }
}
