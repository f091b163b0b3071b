package dev.inspection.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.tensor.FloatTensor;
import dev.inspection.core.tensor.RawTensorFiles;
import dev.inspection.core.tensor.SharedTestData;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the ONNX backbone on the golden inputs with ONNX Runtime, checks the layer outputs against
 * the PyTorch goldens, then aggregates them and checks SimpleNet's patch features.
 */
class BackboneGoldenTest {

    private static OrtEnvironment environment;
    private static OrtSession session;

    @BeforeAll
    static void openSession() throws OrtException {
        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(SharedTestData.backboneModel().toString(), options);
        }
    }

    @AfterAll
    static void closeSession() throws OrtException {
        if (session != null) {
            session.close();
        }
    }

    private static Map<String, float[]> runBackbone(float[] input, int size) throws OrtException {
        Map<String, float[]> outputs = new HashMap<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input),
                new long[] {1, 3, size, size});
             OrtSession.Result result = session.run(Map.of("image", tensor))) {
            for (String name : new String[] {"layer1", "layer2", "layer3"}) {
                OnnxTensor value = (OnnxTensor) result.get(name).orElseThrow();
                FloatBuffer buffer = value.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                outputs.put(name, data);
            }
        }
        return outputs;
    }

    private static double maxAbsDiff(float[] actual, float[] expected, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            max = Math.max(max, diff);
            if (!(diff <= tolerance)) {
                throw new AssertionError(what + " element " + i + ": " + actual[i] + " vs " + expected[i]);
            }
        }
        System.out.printf("%s: max |diff| = %.3g%n", what, max);
        return max;
    }

    @Test
    void golden64BackboneAndPatchFeatures() throws Exception {
        float[] input = RawTensorFiles.readF32(SharedTestData.golden("golden64.input.f32"), 1, 3, 64, 64).data();
        Map<String, float[]> layers = runBackbone(input, 64);
        maxAbsDiff(layers.get("layer1"),
                RawTensorFiles.readF32(SharedTestData.golden("golden64.layer1.f32"), 1, 256, 16, 16).data(), 1e-3,
                "golden64 layer1");
        float[] layer2Golden = RawTensorFiles.readF32(SharedTestData.golden("golden64.layer2.f32"), 1, 512, 8, 8).data();
        float[] layer3Golden = RawTensorFiles.readF32(SharedTestData.golden("golden64.layer3.f32"), 1, 1024, 4, 4).data();
        maxAbsDiff(layers.get("layer2"), layer2Golden, 1e-3, "golden64 layer2");
        maxAbsDiff(layers.get("layer3"), layer3Golden, 1e-3, "golden64 layer3");

        PatchAggregator aggregator = new PatchAggregator(512, 8, 8, 1024, 4, 4);
        float[] expected = RawTensorFiles.readF32(SharedTestData.golden("golden64.patch_features.f32"), 64, 1536).data();
        // From the golden layers: only the aggregation's float summation order differs.
        float[] fromGoldenLayers = new float[aggregator.floatsPerImage()];
        aggregator.aggregate(layer2Golden, 0, layer3Golden, 0, fromGoldenLayers, 0);
        maxAbsDiff(fromGoldenLayers, expected, 1e-5, "golden64 patch features (golden layers)");
        // End to end from ONNX Runtime's layers.
        float[] fromOrt = new float[aggregator.floatsPerImage()];
        aggregator.aggregate(layers.get("layer2"), 0, layers.get("layer3"), 0, fromOrt, 0);
        maxAbsDiff(fromOrt, expected, 1e-4, "golden64 patch features (ORT layers)");
    }

    @Test
    void golden288BackboneAndPatchFeatures() throws Exception {
        float[] input = RawTensorFiles.readF32(SharedTestData.golden("golden288.input.f32"), 1, 3, 288, 288).data();
        Map<String, float[]> layers = runBackbone(input, 288);
        assertEquals(256 * 72 * 72, layers.get("layer1").length);
        maxAbsDiff(layers.get("layer2"),
                RawTensorFiles.readF32(SharedTestData.golden("golden288.layer2.f32"), 1, 512, 36, 36).data(), 1e-3,
                "golden288 layer2");
        maxAbsDiff(layers.get("layer3"),
                RawTensorFiles.readF32(SharedTestData.golden("golden288.layer3.f32"), 1, 1024, 18, 18).data(), 1e-3,
                "golden288 layer3");

        PatchAggregator aggregator = new PatchAggregator(512, 36, 36, 1024, 18, 18);
        float[] features = new float[aggregator.floatsPerImage()];
        aggregator.aggregate(layers.get("layer2"), 0, layers.get("layer3"), 0, features, 0);
        FloatTensor expected = RawTensorFiles.readF16(SharedTestData.golden("golden288.patch_features.f16"), 1296, 1536);
        double max = maxAbsDiff(features, expected.data(), 1e-2, "golden288 patch features");
        assertTrue(max > 0, "float16 goldens cannot match float32 features exactly; a zero diff means a wrong comparison");
    }
}
