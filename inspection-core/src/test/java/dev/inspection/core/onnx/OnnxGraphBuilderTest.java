package dev.inspection.core.onnx;

import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small graphs written by {@link OnnxGraphBuilder}, run by ONNX Runtime, compared with plain Java. */
class OnnxGraphBuilderTest {

    private static final float TOL = 1e-5f;
    private static final OnnxDim N = OnnxDim.symbolic("N");

    @Test
    void matMulAddWithSymbolicBatch() throws Exception {
        int in = 5, out = 3, batch = 4;
        float[] w = random(in * out, 1);
        float[] b = random(out, 2);
        float[] x = random(batch * in, 3);
        OnnxGraphBuilder g = new OnnxGraphBuilder("matmul_add");
        OnnxOps ops = new OnnxOps(g);
        String y = ops.matMulAdd("fc", g.input("x", N, OnnxDim.fixed(in)), w, in, out, b);
        g.output(y, N, OnnxDim.fixed(out));

        float[] got = OrtTestRunner.run(g.toBytes(), y, "x", x, new long[] {batch, in});
        float[] expected = new float[batch * out];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += x[n * in + i] * w[i * out + o];
                }
                expected[n * out + o] = (float) s;
            }
        }
        assertArrayEquals(expected, got, TOL);
    }

    @Test
    void gemmWithTransposedWeightIsPytorchLinear() throws Exception {
        int in = 6, out = 4, batch = 3;
        float[] w = random(out * in, 4); // [out, in]
        float[] b = random(out, 5);
        float[] x = random(batch * in, 6);
        OnnxGraphBuilder g = new OnnxGraphBuilder("gemm");
        String y = new OnnxOps(g).gemm("linear", g.input("x", N, OnnxDim.fixed(in)), w, in, out, b, true);
        g.output(y, N, OnnxDim.fixed(out));

        float[] got = OrtTestRunner.run(g.toBytes(), y, "x", x, new long[] {batch, in});
        float[] expected = new float[batch * out];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += x[n * in + i] * w[o * in + i];
                }
                expected[n * out + o] = (float) s;
            }
        }
        assertArrayEquals(expected, got, TOL);
    }

    @Test
    void convWithBiasStridePaddingThenRelu() throws Exception {
        int cIn = 2, cOut = 3, k = 3, stride = 2, pad = 1, h = 7, w = 6;
        float[] weight = random(cOut * cIn * k * k, 7);
        float[] bias = random(cOut, 8);
        float[] x = random(cIn * h * w, 9);
        OnnxGraphBuilder g = new OnnxGraphBuilder("conv_relu");
        OnnxOps ops = new OnnxOps(g);
        String image = g.input("image", N, OnnxDim.fixed(cIn), OnnxDim.symbolic("H"), OnnxDim.symbolic("W"));
        String y = ops.relu(ops.conv2d("conv", image, weight, cOut, cIn, k, bias, stride, pad));
        g.output(y, N, OnnxDim.fixed(cOut), OnnxDim.symbolic("Ho"), OnnxDim.symbolic("Wo"));

        int ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
        float[] expected = new float[cOut * ho * wo];
        for (int o = 0; o < cOut; o++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    double s = bias[o];
                    for (int c = 0; c < cIn; c++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    s += x[(c * h + iy) * w + ix] * weight[((o * cIn + c) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                    expected[(o * ho + oy) * wo + ox] = (float) Math.max(0, s);
                }
            }
        }
        byte[] model = g.toBytes();
        assertArrayEquals(expected, OrtTestRunner.run(model, y, "image", x, new long[] {1, cIn, h, w}), TOL);
        assertArrayEquals(new long[] {1, cOut, ho, wo},
                OrtTestRunner.outputShape(model, y, "image", x, new long[] {1, cIn, h, w}));
    }

    @Test
    void reshapeWithInt64ShapeInitializer() throws Exception {
        float[] x = random(2 * 3 * 4, 10);
        OnnxGraphBuilder g = new OnnxGraphBuilder("reshape");
        String y = new OnnxOps(g).reshape(g.input("x", N, OnnxDim.fixed(3), OnnxDim.fixed(4)), 0, -1);
        g.output(y, N, OnnxDim.fixed(12));
        byte[] model = g.toBytes();
        assertArrayEquals(x, OrtTestRunner.run(model, y, "x", x, new long[] {2, 3, 4}), 0f);
        assertArrayEquals(new long[] {2, 12}, OrtTestRunner.outputShape(model, y, "x", x, new long[] {2, 3, 4}));
    }

    @Test
    void leakyReluUsesFloatAttribute() throws Exception {
        float[] x = {-2f, -0.5f, 0f, 0.5f, 3f};
        OnnxGraphBuilder g = new OnnxGraphBuilder("leaky");
        String y = new OnnxOps(g).leakyRelu(g.input("x", OnnxDim.fixed(5)), 0.2f);
        g.output(y, OnnxDim.fixed(5));
        assertArrayEquals(new float[] {-0.4f, -0.1f, 0f, 0.5f, 3f},
                OrtTestRunner.run(g.toBytes(), y, "x", x, new long[] {5}), 1e-7f);
    }

    @Test
    void affineCouplingStyleTanhExpMul() throws Exception {
        // y = x * exp(tanh(s)) + t, the shape of a normalising-flow coupling step.
        int d = 8;
        float[] x = random(2 * d, 11), s = random(2 * d, 12), t = random(2 * d, 13);
        OnnxGraphBuilder g = new OnnxGraphBuilder("coupling");
        OnnxOps ops = new OnnxOps(g);
        String xs = g.input("x", N, OnnxDim.fixed(d));
        String ss = g.input("s", N, OnnxDim.fixed(d));
        String ts = g.input("t", N, OnnxDim.fixed(d));
        String y = ops.add(ops.mul(xs, ops.exp(ops.tanh(ss))), ts);
        g.output(y, N, OnnxDim.fixed(d));
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) (x[i] * Math.exp(Math.tanh(s[i])) + t[i]);
        }
        float[] got = OrtTestRunner.run(g.toBytes(), y,
                "x", x, new long[] {2, d}, "s", s, new long[] {2, d}, "t", t, new long[] {2, d});
        assertArrayEquals(expected, got, TOL);
    }

    @Test
    void concatThenSlice() throws Exception {
        float[] a = {1, 2, 3, 4};       // [2, 2]
        float[] b = {5, 6, 7, 8, 9, 10}; // [2, 3]
        OnnxGraphBuilder g = new OnnxGraphBuilder("concat_slice");
        OnnxOps ops = new OnnxOps(g);
        String cat = ops.concat(1, g.input("a", N, OnnxDim.fixed(2)), g.input("b", N, OnnxDim.fixed(3)));
        String y = ops.slice(cat, new long[] {1}, new long[] {4}, new long[] {1});
        g.output(cat, N, OnnxDim.fixed(5));
        g.output(y, N, OnnxDim.fixed(3));
        byte[] model = g.toBytes();
        Object[] feeds = {"a", a, new long[] {2, 2}, "b", b, new long[] {2, 3}};
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10}, OrtTestRunner.run(model, cat, feeds), 0f);
        assertArrayEquals(new float[] {2, 5, 6, 4, 8, 9}, OrtTestRunner.run(model, y, feeds), 0f);
    }

    @Test
    void metadataDocAndProducerSurviveInOrtSession(@TempDir Path dir) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("identity_graph")
                .producer("inspection-test", "1.2.3")
                .modelDocString("a tiny model")
                .metadata("method", "simplenet")
                .metadata(Map.of("backbone.sha256", "abc123"));
        String y = new OnnxOps(g).relu(g.input("x", OnnxDim.fixed(1)));
        g.output(y, OnnxDim.fixed(1));
        Path file = dir.resolve("m.onnx");
        g.writeTo(file);

        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(file.toString(),
                new OrtSession.SessionOptions())) {
            OnnxModelMetadata meta = s.getMetadata();
            assertEquals("inspection-test", meta.getProducerName());
            assertEquals("a tiny model", meta.getDescription());
            assertEquals("identity_graph", meta.getGraphName());
            assertEquals(Map.of("method", "simplenet", "backbone.sha256", "abc123"), meta.getCustomMetadata());
        }
    }

    @Test
    void writeToReplacesAtomicallyAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "old content");
        OnnxGraphBuilder g = new OnnxGraphBuilder("g");
        g.output(new OnnxOps(g).relu(g.input("x", OnnxDim.fixed(2))), OnnxDim.fixed(2));
        g.writeTo(file);
        assertArrayEquals(g.toBytes(), Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void freshNamesAreUniqueAndExplicitNamesMustBeUnused() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("g");
        String x = g.input("x", OnnxDim.fixed(1));
        String n1 = g.freshName("x");
        String n2 = g.freshName("x");
        assertNotEquals(x, n1);
        assertNotEquals(n1, n2);
        // a reserved fresh name may be bound once
        g.floatInitializer(n1, new float[] {1f}, 1);
        assertThrows(IllegalArgumentException.class, () -> g.floatInitializer(n1, new float[] {1f}, 1));
        assertThrows(IllegalArgumentException.class, () -> g.input("x", OnnxDim.fixed(1)));
        assertThrows(IllegalArgumentException.class, () -> g.op("Relu").inputs(x).outputs("x").add());
    }

    @Test
    void badInputIsRejectedWithANamedError() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("g");
        IllegalArgumentException undefined = assertThrows(IllegalArgumentException.class,
                () -> g.op("Relu").inputs("nope"));
        assertTrue(undefined.getMessage().contains("'nope'"), undefined.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> g.floatInitializer("w", new float[5], 2, 3));
        assertTrue(count.getMessage().contains("'w'") && count.getMessage().contains("6"), count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.output("missing", OnnxDim.fixed(1)));
        assertThrows(IllegalStateException.class, g::toBytes);
        assertThrows(IllegalArgumentException.class, () -> g.metadata("k", "v").metadata("k", "w"));
    }

    @Test
    void writesTheOfficialIrVersionAndOpset() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("g");
        g.output(new OnnxOps(g).relu(g.input("x", OnnxDim.fixed(1))), OnnxDim.fixed(1));
        var model = dev.inspection.core.onnx.proto.OnnxProtos.ModelProto.parseFrom(g.toBytes());
        assertEquals(OnnxGraphBuilder.IR_VERSION, model.getIrVersion());
        assertEquals(13, model.getOpsetImport(0).getVersion());
        assertEquals("", model.getOpsetImport(0).getDomain());
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian());
        }
        return v;
    }
}
