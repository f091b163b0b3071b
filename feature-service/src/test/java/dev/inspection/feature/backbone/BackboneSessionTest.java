package dev.inspection.feature.backbone;

import dev.inspection.core.tensor.FloatTensor;
import dev.inspection.core.tensor.RawTensorFiles;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The first run of a side learns the output shapes; later runs write into pinned buffers and must agree. */
class BackboneSessionTest {

    private static Path golden() {
        String prop = System.getProperty("inspection.shared.dir");
        for (String candidate : new String[] {prop, "../shared", "../../shared"}) {
            if (candidate != null && Files.isDirectory(Path.of(candidate, "models/resnet50_keras_imagenet/golden"))) {
                return Path.of(candidate, "models/resnet50_keras_imagenet").toAbsolutePath().normalize();
            }
        }
        return null;
    }

    @Test
    void pinnedOutputsEqualTheFirstRunAndTheGoldenMaps() throws Exception {
        Path dir = golden();
        assumeTrue(dir != null, "../shared not found");
        float[] image = RawTensorFiles.readF32(dir.resolve("golden/golden64.input.f32"), 1, 3, 64, 64).data();
        FloatTensor layer2 = RawTensorFiles.readF32(dir.resolve("golden/golden64.layer2.f32"), 1, 512, 8, 8);
        FloatTensor layer3 = RawTensorFiles.readF32(dir.resolve("golden/golden64.layer3.f32"), 1, 1024, 4, 4);
        BackboneManifest manifest = BackboneManifest.resnet50KerasImagenet(dir.resolve("resnet50_trunk.onnx"), "");
        try (BackboneSession session = new BackboneSession(manifest, 1, false, false)) {
            Set<String> levels = Set.of("layer2", "layer3");
            Map<String, float[]> learned = session.run(batch(image, 2), 2, 64, levels);
            Map<String, float[]> pinned = session.run(batch(image, 2), 2, 64, levels);
            Map<String, float[]> pinnedSmaller = session.run(batch(image, 1), 1, 64, levels);
            for (String level : levels) {
                assertArrayEquals(learned.get(level), pinned.get(level), level + ": pinned run differs");
                float[] first = java.util.Arrays.copyOf(learned.get(level), pinnedSmaller.get(level).length);
                assertArrayEquals(first, pinnedSmaller.get(level), level + ": pinned batch of 1 differs");
            }
            assertClose(layer2.data(), pinnedSmaller.get("layer2"), "layer2");
            assertClose(layer3.data(), pinnedSmaller.get("layer3"), "layer3");
        }
    }

    private static FloatBuffer batch(float[] image, int n) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(n * image.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int i = 0; i < n; i++) {
            buffer.put(image);
        }
        return buffer.flip();
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertTrue(expected.length == actual.length, what + " length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(max <= 1e-3, what + " differs from golden64 by " + max);
    }
}
