package dev.inspection.feature.provisioning;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a freshly converted trunk with ONNX Runtime and compares its outputs with reference values:
 * always the committed {@link Golden64Reference} table on the regenerated {@link Golden64Input};
 * additionally, when a golden folder ({@code models/resnet50_keras_imagenet/golden}) is given, the
 * full {@code golden64.layer*} and {@code golden288.layer*} tensors. Tolerance: {@value #TOLERANCE}
 * absolute (PROVENANCE.md section 7c).
 */
public final class BackboneVerifier {

    public static final double TOLERANCE = 1e-3;

    /** One comparison: which check, which output, the largest absolute difference. */
    public record LevelDiff(String check, String level, double maxAbsDiff) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s max abs diff %.3g", check, level, maxAbsDiff);
        }
    }

    private final Consumer<String> progress;

    public BackboneVerifier(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Verifies the model; returns every comparison made, or throws
     * {@link BackboneVerificationException} naming the first level out of tolerance.
     */
    public List<LevelDiff> verify(byte[] onnxModel, Path goldenDir) {
        List<LevelDiff> diffs = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(onnxModel, opts)) {
            Map<String, float[]> out64 = run(env, session, Golden64Input.generate(), Golden64Input.SHAPE);
            for (Map.Entry<String, Golden64Reference.Level> e : Golden64Reference.load().levels().entrySet()) {
                diffs.add(compareToTable(e.getKey(), out64, e.getValue()));
            }
            if (goldenDir != null) {
                diffs.addAll(compareToGoldenFiles(env, session, goldenDir, out64));
            }
        } catch (OrtException e) {
            throw new ProvisioningException("ONNX Runtime cannot run the converted backbone: " + e.getMessage(), e);
        }
        return diffs;
    }

    private LevelDiff compareToTable(String level, Map<String, float[]> outputs, Golden64Reference.Level ref) {
        float[] actual = outputs.get(level);
        long expectedCount = Arrays.stream(ref.shape()).reduce(1, Math::multiplyExact);
        if (actual == null || actual.length != expectedCount) {
            throw new ProvisioningException("converted backbone output " + level + " has "
                    + (actual == null ? "no values" : actual.length + " values") + ", expected shape "
                    + Arrays.toString(ref.shape()));
        }
        double[] means = Golden64Reference.channelMeans(actual, (int) ref.shape()[1]);
        double max = 0;
        for (int c = 0; c < means.length; c++) {
            max = Math.max(max, Math.abs(means[c] - ref.channelMeans()[c]));
        }
        for (int i = 0; i < ref.sampleIndices().length; i++) {
            max = Math.max(max, Math.abs(actual[ref.sampleIndices()[i]] - ref.sampleValues()[i]));
        }
        return check(new LevelDiff("golden64 reference table", level, max));
    }

    private List<LevelDiff> compareToGoldenFiles(OrtEnvironment env, OrtSession session, Path dir,
                                                 Map<String, float[]> out64) throws OrtException {
        List<LevelDiff> diffs = new ArrayList<>();
        for (String level : ResNet50TrunkExporter.OUTPUTS) {
            Path f = dir.resolve("golden64." + level + ".f32");
            if (Files.isRegularFile(f)) {
                diffs.add(check(new LevelDiff("golden64 file", level, maxAbsDiff(level, out64.get(level), readF32(f)))));
            }
        }
        Path input288 = dir.resolve("golden288.input.f32");
        if (Files.isRegularFile(input288)) {
            Map<String, float[]> out288 = run(env, session, readF32(input288), new long[] {1, 3, 288, 288});
            for (String level : ResNet50TrunkExporter.OUTPUTS) {
                Path f = dir.resolve("golden288." + level + ".f32");
                if (Files.isRegularFile(f)) {
                    diffs.add(check(new LevelDiff("golden288 file", level,
                            maxAbsDiff(level, out288.get(level), readF32(f)))));
                }
            }
        }
        return diffs;
    }

    private LevelDiff check(LevelDiff d) {
        progress.accept("  verifying: " + d);
        if (!(d.maxAbsDiff() <= TOLERANCE)) { // also catches NaN
            throw new BackboneVerificationException(d.check(), d.level(), d.maxAbsDiff(), TOLERANCE);
        }
        return d;
    }

    /** Runs the trunk on one NCHW input; returns output name -> values. */
    public static Map<String, float[]> run(OrtEnvironment env, OrtSession session, float[] input, long[] shape)
            throws OrtException {
        Map<String, float[]> outputs = new LinkedHashMap<>();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(ResNet50TrunkExporter.INPUT, in))) {
            for (String name : ResNet50TrunkExporter.OUTPUTS) {
                OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow(
                        () -> new ProvisioningException("backbone has no output '" + name + "'"));
                FloatBuffer fb = t.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                outputs.put(name, values);
            }
        }
        return outputs;
    }

    static double maxAbsDiff(String level, float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new ProvisioningException("output " + level + " has " + actual.length
                    + " values, the reference " + expected.length);
        }
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (!(d <= max)) {
                max = Double.isNaN(d) ? Double.NaN : d;
                if (Double.isNaN(max)) {
                    return max;
                }
            }
        }
        return max;
    }

    /** A raw little-endian float32 file. */
    public static float[] readF32(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            float[] values = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new ProvisioningException("cannot read reference file " + file + ": " + e.getMessage(), e);
        }
    }
}
