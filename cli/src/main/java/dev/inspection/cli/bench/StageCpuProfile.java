package dev.inspection.cli.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU milliseconds per image of each stage of the feature path, measured in this process with the
 * same core code and ONNX Runtime settings the feature service uses (ResNet-50 trunk, 288x288 crop of
 * a 329 resize, SimpleNet aggregation): thread CPU time for the single-threaded stages, process CPU
 * time for the backbone (its intra-op pool). CPU time, unlike wall time, is not inflated by other
 * work on a shared machine.
 */
public final class StageCpuProfile {

    /** Mean CPU milliseconds per image. */
    public record Stages(double decode, double preprocess, double backbone, double aggregation, double encode,
                         double protobuf) {
        public double total() {
            return decode + preprocess + backbone + aggregation + encode + protobuf;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int SIDE = 288;

    private StageCpuProfile() {
    }

    /**
     * Runs every stage over {@code images} (two passes, the first warms the JIT) and the backbone over
     * {@code backboneBatches} batches of {@code batch}, spinning off as in the service.
     */
    public static Stages measure(List<byte[]> images, Path backbone, int threads, int batch, int backboneBatches,
                                 DType dtype) throws OrtException, InvalidProtocolBufferException {
        ImageDecoder decoder = new ImageDecoder();
        Preprocessor preprocessor = new Preprocessor(new PreprocessingSpec(PreprocessingSpec.Mode.RESIZE_CENTER_CROP,
                329, SIDE, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}));
        float[] batchInput = new float[batch * preprocessor.floatsPerImage()];
        long decode = 0;
        long preprocess = 0;
        for (int pass = 0; pass < 2; pass++) {
            decode = 0;
            preprocess = 0;
            for (int i = 0; i < images.size(); i++) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                RgbImage rgb = decoder.decode(images.get(i), "image " + i);
                long t1 = THREADS.getCurrentThreadCpuTime();
                preprocessor.preprocess(rgb, batchInput, (i % batch) * preprocessor.floatsPerImage());
                decode += t1 - t0;
                preprocess += THREADS.getCurrentThreadCpuTime() - t1;
            }
        }
        int n = images.size();
        float[][] levels = backboneLevels(backbone, threads, batch, backboneBatches, batchInput);
        double backboneMs = levels[2][0];
        PatchAggregator aggregator = PatchAggregator.forResNet50Input(SIDE, SIDE);
        float[] embeddings = new float[aggregator.floatsPerImage()];
        byte[] wire = new byte[embeddings.length * (dtype == DType.FLOAT16 ? 2 : 4)];
        int rounds = Math.min(n, 16);
        long aggregation = 0;
        long encode = 0;
        long protobuf = 0;
        for (int pass = 0; pass < 2; pass++) {
            aggregation = 0;
            encode = 0;
            protobuf = 0;
            for (int r = 0; r < rounds; r++) {
                int b = r % batch;
                long t0 = THREADS.getCurrentThreadCpuTime();
                aggregator.aggregate(levels[0], b * aggregator.layer2Floats(), levels[1], b * aggregator.layer3Floats(),
                        embeddings, 0);
                long t1 = THREADS.getCurrentThreadCpuTime();
                if (dtype == DType.FLOAT16) {
                    Float16.encode(embeddings, 0, wire, 0, embeddings.length);
                } else {
                    LittleEndian.putFloats(embeddings, 0, wire, 0, embeddings.length);
                }
                long t2 = THREADS.getCurrentThreadCpuTime();
                // The message's own cost: serialising it for the wire and parsing it on the other side.
                byte[] message = Tensor.newBuilder().setDtype(dtype).addShape(aggregator.patchCount())
                        .addShape(aggregator.featureDim()).setData(UnsafeByteOperations.unsafeWrap(wire)).build().toByteArray();
                Tensor.parseFrom(message);
                long t3 = THREADS.getCurrentThreadCpuTime();
                aggregation += t1 - t0;
                encode += t2 - t1;
                protobuf += t3 - t2;
            }
        }
        return new Stages(decode / 1e6 / n, preprocess / 1e6 / n, backboneMs, aggregation / 1e6 / rounds,
                encode / 1e6 / rounds, protobuf / 1e6 / rounds);
    }

    /** Runs the backbone; returns {layer2 batch, layer3 batch, {process CPU ms per image}}. */
    private static float[][] backboneLevels(Path model, int threads, int batch, int batches, float[] input)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            try (OrtSession session = env.createSession(model.toString(), options)) {
                FloatBuffer direct = ByteBuffer.allocateDirect(input.length * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer().put(input);
                direct.flip();
                String name = session.getInputNames().iterator().next();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, direct, new long[] {batch, 3, SIDE, SIDE})) {
                    session.run(Map.of(name, tensor)).close();
                    double cpu0 = ProcessStats.ownCpuMillis();
                    for (int i = 0; i < batches - 1; i++) {
                        session.run(Map.of(name, tensor)).close();
                    }
                    try (OrtSession.Result result = session.run(Map.of(name, tensor))) {
                        double perImage = (ProcessStats.ownCpuMillis() - cpu0) / ((double) batches * batch);
                        return new float[][] {floats(result, "layer2"), floats(result, "layer3"), {(float) perImage}};
                    }
                }
            }
        }
    }

    private static float[] floats(OrtSession.Result result, String name) throws OrtException {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow(
                () -> new IllegalStateException("backbone has no output " + name))).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    public static void print(PrintStream out, Stages s) {
        out.printf(Locale.ROOT, "stage CPU per image (in-process, same code): decode %.1f, resize+normalise %.1f, "
                        + "backbone %.1f, aggregation %.1f, encode %.1f, protobuf write+parse %.1f ms = %.1f ms%n",
                s.decode(), s.preprocess(), s.backbone(), s.aggregation(), s.encode(), s.protobuf(), s.total());
    }
}
