package dev.inspection.feature.provisioning;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The regenerated golden64 input and the committed reference table agree with the shared goldens. */
class GoldenReferenceTest {

    @Test
    void committedTableHasAllLevelsWithTheirChannelCounts() {
        Golden64Reference ref = Golden64Reference.load();
        assertEquals(java.util.List.of("layer1", "layer2", "layer3"), java.util.List.copyOf(ref.levels().keySet()));
        int[] channels = {256, 512, 1024};
        int l = 0;
        for (Golden64Reference.Level level : ref.levels().values()) {
            assertEquals(channels[l++], level.channelMeans().length);
            assertEquals(200, level.sampleIndices().length);
        }
    }

    @Test
    void regeneratedInputEqualsTheSharedGoldenInput() {
        Path golden = SharedDir.goldenDir().orElse(null);
        Assumptions.assumeTrue(golden != null, "shared golden folder not available");
        float[] expected = BackboneVerifier.readF32(golden.resolve("golden64.input.f32"));
        float[] actual = Golden64Input.generate();
        assertEquals(0.0, BackboneVerifier.maxAbsDiff("input", actual, expected), 1e-6);
    }

    @Test
    void committedTableIsWhatTheGeneratorMakesOfTheSharedGoldens() throws Exception {
        Path golden = SharedDir.goldenDir().orElse(null);
        Assumptions.assumeTrue(golden != null, "shared golden folder not available");
        String committed;
        try (var in = Golden64Reference.class.getResourceAsStream(Golden64Reference.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(Golden64ReferenceGenerator.render(golden), committed);
    }
}
