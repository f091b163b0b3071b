package dev.inspection.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.tensor.Float16;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFeatureStoreTest {

    @TempDir
    Path root;

    private static final String IMAGE = "a".repeat(64);

    @Test
    void roundTripsFloat16ValuesPerKey() throws IOException {
        DiskFeatureStore store = new DiskFeatureStore(root);
        FeatureKey key = new FeatureKey("snap", "sha", "{\"cropSize\":64}");
        FeatureKey otherPreprocessing = new FeatureKey("snap", "sha", "{\"cropSize\":128}");
        float[] values = {0.1f, -2.5f, 3.75f, 1e-3f, 100f, -0.0f};
        store.put(key, IMAGE, values, 3, 2);
        assertTrue(store.contains(key, IMAGE));
        assertFalse(store.contains(otherPreprocessing, IMAGE));
        assertArrayEquals(new int[] {3, 2}, store.shape(key, IMAGE));
        float[] read = new float[8];
        store.read(key, IMAGE, 3, 2, read, 2);
        for (int i = 0; i < values.length; i++) {
            assertTrue(read[i + 2] == Float16.toFloat(Float16.fromFloat(values[i])), "value " + i);
        }
        assertThrows(IOException.class, () -> store.read(key, IMAGE, 2, 3, read, 0), "shape mismatch is reported");
        assertThrows(IllegalArgumentException.class, () -> store.contains(key, "../x"));
    }
}
