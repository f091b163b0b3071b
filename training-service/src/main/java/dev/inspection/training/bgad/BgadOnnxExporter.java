package dev.inspection.training.bgad;

import dev.inspection.core.bgad.PositionalEncoding;
import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes one level of a BGAD model as an ONNX graph with the product's {@link OnnxGraphBuilder}:
 * inputs {@code features [N, C_raw]} (raw backbone level rows) and {@code positions [N, D]} (the
 * {@link PositionalEncoding} rows of the same positions), the folded channel reduction, the coupling
 * blocks, and output {@code logp [N]}, the per-dimension log-likelihood.
 */
public final class BgadOnnxExporter {

    public static final String FEATURES = "features";
    public static final String POSITIONS = "positions";
    public static final String LOGP = "logp";

    private BgadOnnxExporter() {
    }

    public static byte[] export(ChannelReduction reduction, FlowWeights flow, Map<String, String> metadata) {
        if (reduction.outChannels() != flow.channels()) {
            throw new IllegalArgumentException("reduction gives " + reduction.outChannels() + " channels, the flow takes "
                    + flow.channels());
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder("bgad_level_flow")
                .producer("inspection-training-bgad", "1")
                .modelDocString("BGAD conditional normalizing flow of one feature level: raw level rows -> "
                        + "per-dimension log-likelihood")
                .metadata(metadata);
        OnnxOps ops = new OnnxOps(graph);
        OnnxDim n = OnnxDim.symbolic("N");
        int c = flow.channels();
        int c1 = flow.passiveChannels();
        int c2 = flow.transformedChannels();
        int h = flow.subnetInput();
        String features = graph.input(FEATURES, n, OnnxDim.fixed(reduction.inChannels()));
        String positions = graph.input(POSITIONS, n, OnnxDim.fixed(flow.conditionDim()));
        String x = ops.matMulAdd("reduction", features, reduction.foldedWeight(), reduction.inChannels(), c,
                reduction.foldedBias());
        String subnetScale = scalar(graph, "subnet_scale", ConditionalFlow.SUBNET_OUTPUT_SCALE);
        String clamp = scalar(graph, "clamp", flow.clamp());
        String onesTransformed = graph.floatInitializer(graph.freshName("ones_c2"), filled(c2, 1f), c2, 1);
        String logDet = null;
        double constantLogDet = 0;
        int index = 0;
        for (CouplingWeights b : flow.blocks()) {
            String p = "block" + index++;
            String x1 = ops.slice(x, new long[] {0}, new long[] {c1}, new long[] {1});
            String x2 = ops.slice(x, new long[] {c1}, new long[] {c}, new long[] {1});
            String hidden = ops.relu(ops.matMulAdd(p + ".subnet0", ops.concat(1, x1, positions), b.w1(), h, 2 * h, b.b1()));
            String a = ops.mul(ops.matMulAdd(p + ".subnet2", hidden, b.w2(), 2 * h, 2 * c2, b.b2()), subnetScale);
            String s = ops.mul(ops.tanh(ops.slice(a, new long[] {0}, new long[] {c2}, new long[] {1})), clamp);
            String t = ops.slice(a, new long[] {c2}, new long[] {2L * c2}, new long[] {1});
            String y2 = ops.add(ops.mul(x2, ops.exp(s)), t);
            float[] g = b.globalScale();
            for (float v : g) {
                constantLogDet += Math.log(v);
            }
            String scaled = ops.add(ops.mul(ops.concat(1, x1, y2),
                    graph.floatInitializer(graph.freshName(p + ".global_scale"), g, 1, c)),
                    graph.floatInitializer(graph.freshName(p + ".global_offset"), b.beta(), 1, c));
            x = ops.matMulAdd(p + ".rotation", scaled, transpose(b.rotation(), c), c, c, null);
            String blockLogDet = graph.op("MatMul").inputs(s, onesTransformed).add();
            logDet = logDet == null ? blockLogDet : ops.add(logDet, blockLogDet);
        }
        String onesAll = graph.floatInitializer(graph.freshName("ones_c"), filled(c, 1f), c, 1);
        String squaredNorm = graph.op("MatMul").inputs(ops.mul(x, x), onesAll).add();
        String halfNegative = scalar(graph, "minus_half", -0.5f);
        String constant = scalar(graph, "log_constant", (float) (c * ConditionalFlow.GAUSSIAN_LOG_CONST + constantLogDet));
        String logP = ops.add(ops.add(ops.mul(squaredNorm, halfNegative), logDet), constant);
        String perDim = graph.op("Div").inputs(logP, scalar(graph, "channels", (float) c)).add();
        String out = graph.op("Reshape").inputs(perDim,
                graph.int64Initializer(graph.freshName("flat"), new long[] {-1}, 1)).outputs(LOGP).add();
        graph.output(out, n);
        return graph.toBytes();
    }

    private static String scalar(OnnxGraphBuilder graph, String name, float value) {
        return graph.floatInitializer(graph.freshName(name), new float[] {value}, 1);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static float[] transpose(float[] m, int n) {
        float[] t = new float[n * n];
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                t[col * n + r] = m[r * n + col];
            }
        }
        return t;
    }
}
