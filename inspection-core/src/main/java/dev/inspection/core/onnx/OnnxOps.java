package dev.inspection.core.onnx;

/**
 * Common node patterns on top of {@link OnnxGraphBuilder}. Weights are row-major float arrays in
 * the layout the ONNX operator expects; initializer names are derived from {@code prefix}
 * (e.g. {@code conv1.weight}, {@code conv1.bias}) and made unique.
 */
public final class OnnxOps {

    private final OnnxGraphBuilder graph;

    public OnnxOps(OnnxGraphBuilder graph) {
        this.graph = graph;
    }

    public OnnxGraphBuilder graph() {
        return graph;
    }

    /** {@code x @ W + b} with {@code W} of shape [in, out] (MatMul + Add). Bias may be null. */
    public String matMulAdd(String prefix, String x, float[] weight, int in, int out, float[] bias) {
        String w = graph.floatInitializer(graph.freshName(prefix + ".weight"), weight, in, out);
        String y = graph.op("MatMul").inputs(x, w).add();
        if (bias == null) {
            return y;
        }
        String b = graph.floatInitializer(graph.freshName(prefix + ".bias"), checkLength(prefix, bias, out), out);
        return graph.op("Add").inputs(y, b).add();
    }

    /**
     * Gemm: {@code x @ W^T + b} when {@code transB} (W of shape [out, in], the PyTorch Linear layout),
     * else {@code x @ W + b} (W of shape [in, out]). {@code x} must be 2-D.
     */
    public String gemm(String prefix, String x, float[] weight, int in, int out, float[] bias, boolean transB) {
        String w = transB
                ? graph.floatInitializer(graph.freshName(prefix + ".weight"), weight, out, in)
                : graph.floatInitializer(graph.freshName(prefix + ".weight"), weight, in, out);
        OnnxGraphBuilder.NodeBuilder node = graph.op("Gemm");
        if (bias != null) {
            String b = graph.floatInitializer(graph.freshName(prefix + ".bias"), checkLength(prefix, bias, out), out);
            node.inputs(x, w, b);
        } else {
            node.inputs(x, w);
        }
        return node.attr("transB", transB ? 1L : 0L).add();
    }

    /**
     * 2-D convolution, weight [cOut, cIn, k, k], symmetric padding, no dilation, one group.
     * Bias may be null.
     */
    public String conv2d(String prefix, String x, float[] weight, int cOut, int cIn, int kernel,
                         float[] bias, int stride, int pad) {
        if (kernel < 1 || stride < 1 || pad < 0) {
            throw new IllegalArgumentException(prefix + ": kernel and stride must be >= 1 and pad >= 0, got k="
                    + kernel + " s=" + stride + " p=" + pad);
        }
        String w = graph.floatInitializer(graph.freshName(prefix + ".weight"), weight, cOut, cIn, kernel, kernel);
        OnnxGraphBuilder.NodeBuilder node = graph.op("Conv");
        if (bias != null) {
            String b = graph.floatInitializer(graph.freshName(prefix + ".bias"), checkLength(prefix, bias, cOut), cOut);
            node.inputs(x, w, b);
        } else {
            node.inputs(x, w);
        }
        return node.ints("kernel_shape", kernel, kernel)
                .ints("strides", stride, stride)
                .ints("pads", pad, pad, pad, pad)
                .ints("dilations", 1, 1)
                .attr("group", 1L)
                .add();
    }

    /** Max pooling with a square window and symmetric padding (padded cells are ignored). */
    public String maxPool2d(String x, int kernel, int stride, int pad) {
        return graph.op("MaxPool").inputs(x)
                .ints("kernel_shape", kernel, kernel)
                .ints("strides", stride, stride)
                .ints("pads", pad, pad, pad, pad)
                .add();
    }

    public String relu(String x) {
        return graph.op("Relu").inputs(x).add();
    }

    public String leakyRelu(String x, float alpha) {
        return graph.op("LeakyRelu").inputs(x).attr("alpha", alpha).add();
    }

    public String tanh(String x) {
        return graph.op("Tanh").inputs(x).add();
    }

    public String exp(String x) {
        return graph.op("Exp").inputs(x).add();
    }

    public String add(String a, String b) {
        return graph.op("Add").inputs(a, b).add();
    }

    public String sub(String a, String b) {
        return graph.op("Sub").inputs(a, b).add();
    }

    public String mul(String a, String b) {
        return graph.op("Mul").inputs(a, b).add();
    }

    /** Reshape to {@code shape} (0 copies the input dim, -1 is inferred), stored as an int64 constant. */
    public String reshape(String x, long... shape) {
        String s = graph.int64Initializer(graph.freshName("shape"), shape, shape.length);
        return graph.op("Reshape").inputs(x, s).add();
    }

    public String concat(int axis, String... xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("Concat needs at least one input");
        }
        return graph.op("Concat").inputs(xs).attr("axis", (long) axis).add();
    }

    /** Slice {@code x[starts:ends]} along {@code axes} (opset >= 10 form: bounds as int64 inputs). */
    public String slice(String x, long[] starts, long[] ends, long[] axes) {
        if (starts.length != ends.length || starts.length != axes.length) {
            throw new IllegalArgumentException("Slice: starts, ends and axes must have the same length, got "
                    + starts.length + ", " + ends.length + ", " + axes.length);
        }
        String s = graph.int64Initializer(graph.freshName("slice.starts"), starts, starts.length);
        String e = graph.int64Initializer(graph.freshName("slice.ends"), ends, ends.length);
        String a = graph.int64Initializer(graph.freshName("slice.axes"), axes, axes.length);
        return graph.op("Slice").inputs(x, s, e, a).add();
    }

    /** A per-channel constant of shape [1, C, 1, 1] for broadcasting over NCHW tensors. */
    public String channelConstant(String name, float[] perChannel) {
        return graph.floatInitializer(graph.freshName(name), perChannel, 1, perChannel.length, 1, 1);
    }

    private static float[] checkLength(String prefix, float[] bias, int expected) {
        if (bias.length != expected) {
            throw new IllegalArgumentException(prefix + ": bias has " + bias.length + " values, expected " + expected);
        }
        return bias;
    }
}
