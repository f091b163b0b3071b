package dev.inspection.feature.service;

import dev.inspection.feature.backbone.BackboneManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackboneManifestReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsACustomBackboneManifest() throws IOException {
        Path file = dir.resolve("wrn50.json");
        Files.writeString(file, """
                {"id": "wrn50", "input": "pixels", "resize_size": 256, "crop_size": 224,
                 "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25], "embed_dim": 1024,
                 "patch_levels": ["layer2", "layer3"],
                 "levels": [{"name": "layer2", "channels": 512, "stride": 8},
                            {"name": "layer3", "channels": 1024, "stride": 16}]}
                """);
        BackboneManifest m = BackboneManifestReader.read(file, dir.resolve("wrn50.onnx"), "abc");
        assertEquals("wrn50", m.id());
        assertEquals("pixels", m.inputName());
        assertEquals(224, m.cropSize());
        assertEquals(1024, m.embedDim());
        assertEquals(List.of("layer2", "layer3"), m.patchLevels());
        assertEquals(16, m.level("layer3").stride());
        assertArrayEquals(new float[]{0.25f, 0.25f, 0.25f}, m.std());
    }

    @Test
    void namesTheMissingField() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"id\": \"x\", \"levels\": [], \"patch_levels\": [\"a\", \"b\"], \"resize_size\": 1}");
        IOException e = assertThrows(IOException.class, () -> BackboneManifestReader.read(file, file, "s"));
        assertTrue(e.getMessage().contains("crop_size"), e.getMessage());
    }

    @Test
    void patchLevelsMustExist() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"id": "x", "resize_size": 8, "crop_size": 8, "mean": [0,0,0], "std": [1,1,1],
                 "patch_levels": ["layer2", "layer9"], "levels": [{"name": "layer2", "channels": 4, "stride": 8}]}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackboneManifestReader.read(file, file, "s"));
        assertTrue(e.getMessage().contains("layer9"), e.getMessage());
    }
}
