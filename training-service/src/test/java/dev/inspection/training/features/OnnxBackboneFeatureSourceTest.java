package dev.inspection.training.features;

import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.tensor.FloatTensor;
import dev.inspection.core.tensor.RawTensorFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-process feature source reproduces the golden SimpleNet patch embeddings of a real bottle image. */
class OnnxBackboneFeatureSourceTest {

    @Test
    void matchesGoldenPatchFeatures() throws IOException {
        Path bottle = SharedData.root().resolve("data/mvtec_ad/bottle");
        try (OnnxBackboneFeatureSource source = new OnnxBackboneFeatureSource(SharedData.trunkModel(),
                PreprocessingSpec.simpleNet(), ImageBytesLoader.directory(bottle), 1)) {
            assertEquals(1296, source.patchesPerImage());
            assertEquals(1536, source.featureDim());
            assertEquals("b5dd1cceb85b3f78378c08ced4e1312a57bbf3f714a972e37cecb60f96331885", source.backboneSha256());
            float[] features = source.embeddings("test/broken_large/000.png");
            FloatTensor golden = RawTensorFiles.readF16(SharedData.root().resolve(
                    "models/resnet50_keras_imagenet/golden/golden288.patch_features.f16"), 1296, 1536);
            float[] expected = golden.data();
            double maxError = 0;
            for (int i = 0; i < expected.length; i++) {
                // the golden is float16: allow its rounding (2^-11 relative) plus float32 summation order
                double tolerance = Math.abs(expected[i]) * 1e-3 + 1e-3;
                maxError = Math.max(maxError, Math.abs(features[i] - expected[i]) / tolerance);
            }
            assertTrue(maxError <= 1.0, "worst error / tolerance = " + maxError);
        }
    }
}
