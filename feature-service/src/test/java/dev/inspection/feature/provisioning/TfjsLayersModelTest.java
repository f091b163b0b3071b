package dev.inspection.feature.provisioning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TfjsLayersModelTest {

    private static final String LAYERS = "\"modelTopology\":{\"model_config\":{\"config\":{\"layers\":["
            + "{\"name\":\"conv\",\"class_name\":\"Conv2D\",\"config\":{\"filters\":2}}]}}}";

    @Test
    void concatenatesShardsInManifestOrderAndSlicesStraddlingTensors(@TempDir Path dir) throws IOException {
        // "shard10" listed before "shard2": the manifest order wins over a lexicographic sort.
        byte[] all = floats(1, 2, 3, 4, 5, 6, 7);
        writePackage(dir, "[\"w-shard10.bin\",\"w-shard2.bin\"]",
                "[{\"name\":\"a\",\"shape\":[3],\"dtype\":\"float32\"},"
                        + "{\"name\":\"b\",\"shape\":[2,2],\"dtype\":\"float32\"}]",
                java.util.Arrays.copyOfRange(all, 0, 10), java.util.Arrays.copyOfRange(all, 10, all.length));

        TfjsLayersModel m = TfjsLayersModel.load(NpmPackageFiles.fromDirectory(dir), "ResNet50");
        assertEquals(2, m.weightCount());
        assertArrayEquals(new float[] {1, 2, 3}, m.weight("a", 3).values(), 0f);
        assertArrayEquals(new float[] {4, 5, 6, 7}, m.weight("b", 2, 2).values(), 0f);
        assertEquals("Conv2D", m.layer("conv").path("class_name").asText());

        ProvisioningException shape = assertThrows(ProvisioningException.class, () -> m.weight("b", 4));
        assertTrue(shape.getMessage().contains("b") && shape.getMessage().contains("[2, 2]"), shape.getMessage());
        assertThrows(ProvisioningException.class, () -> m.weight("missing", 1));
        assertThrows(ProvisioningException.class, () -> m.layer("missing"));
    }

    @Test
    void rejectsShardsThatDoNotMatchTheManifest(@TempDir Path dir) throws IOException {
        writePackage(dir, "[\"w.bin\"]", "[{\"name\":\"a\",\"shape\":[3],\"dtype\":\"float32\"}]", floats(1, 2));
        ProvisioningException e = assertThrows(ProvisioningException.class,
                () -> TfjsLayersModel.load(NpmPackageFiles.fromDirectory(dir), "ResNet50"));
        assertTrue(e.getMessage().contains("12 bytes") && e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void rejectsQuantizedWeights(@TempDir Path dir) throws IOException {
        writePackage(dir, "[\"w.bin\"]", "[{\"name\":\"q\",\"shape\":[1],\"dtype\":\"float32\","
                + "\"quantization\":{\"dtype\":\"uint8\"}}]", floats(1));
        ProvisioningException e = assertThrows(ProvisioningException.class,
                () -> TfjsLayersModel.load(NpmPackageFiles.fromDirectory(dir), "ResNet50"));
        assertTrue(e.getMessage().contains("quantized"), e.getMessage());
    }

    @Test
    void readsFromAnUnpackedTarballFolderToo(@TempDir Path dir) throws IOException {
        Path pkg = dir.resolve("package");
        writePackage(pkg, "[\"w.bin\"]", "[{\"name\":\"a\",\"shape\":[1],\"dtype\":\"float32\"}]", floats(9));
        // dir holds package/, as `tar xzf` leaves it
        assertArrayEquals(new float[] {9},
                TfjsLayersModel.load(NpmPackageFiles.fromDirectory(dir), "ResNet50").weight("a", 1).values(), 0f);
    }

    private static void writePackage(Path dir, String paths, String weights, byte[]... shards) throws IOException {
        Path model = Files.createDirectories(dir.resolve("ResNet50"));
        Files.writeString(model.resolve("model.json"), "{\"format\":\"layers-model\"," + LAYERS
                + ",\"weightsManifest\":[{\"paths\":" + paths + ",\"weights\":" + weights + "}]}");
        String[] names = paths.replaceAll("[\\[\\]\"]", "").split(",");
        for (int i = 0; i < names.length; i++) {
            Files.write(model.resolve(names[i]), shards[i]);
        }
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
