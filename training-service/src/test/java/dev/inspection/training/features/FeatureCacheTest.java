package dev.inspection.training.features;

import dev.inspection.core.tensor.Float16;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureCacheTest {

    private static final int PATCHES = 6;
    private static final int DIM = 5;

    /** Deterministic embeddings derived from the id; counts calls. */
    private static final class FakeSource implements FeatureSource {
        final List<String> calls = new ArrayList<>();
        final String backbone;

        FakeSource(String backbone) {
            this.backbone = backbone;
        }

        @Override
        public float[] embeddings(String imageId) {
            calls.add(imageId);
            return expected(imageId);
        }

        static float[] expected(String imageId) {
            float[] e = new float[PATCHES * DIM];
            int h = imageId.hashCode();
            for (int i = 0; i < e.length; i++) {
                e[i] = (float) Math.sin(h * 0.001 + i * 0.37) * 3.1f + i * 0.01f;
            }
            return e;
        }

        @Override
        public int patchesPerImage() {
            return PATCHES;
        }

        @Override
        public int featureDim() {
            return DIM;
        }

        @Override
        public String backboneSha256() {
            return backbone;
        }

        @Override
        public String preprocessingId() {
            return "fake-pre";
        }
    }

    @TempDir
    Path dir;

    @Test
    void float32RoundTripIsExactAndKeepsRequestedOrder() throws IOException {
        FakeSource source = new FakeSource("abc");
        FeatureCache cache = new FeatureCache(dir);
        FeatureCacheKey key = FeatureCacheKey.of("snap1", source, FeatureStorage.FLOAT32);
        CachedFeatureTable table = cache.load(key, List.of("b", "a", "c"), source, FeatureCache.ExtractionListener.NONE);
        assertEquals(3, table.imageCount());
        assertEquals(18, table.rowCount());
        float[] image = new float[PATCHES * DIM];
        table.readImage(1, image, 0);
        assertArrayEquals(FakeSource.expected("a"), image);
        float[] rows = new float[2 * DIM];
        table.readRows(new long[] {PATCHES * 2 + 3, 1}, 2, rows);
        float[] c = FakeSource.expected("c");
        float[] b = FakeSource.expected("b");
        for (int j = 0; j < DIM; j++) {
            assertEquals(c[3 * DIM + j], rows[j]);
            assertEquals(b[DIM + j], rows[DIM + j]);
        }
    }

    @Test
    void float16RoundTripEqualsHalfRounding() throws IOException {
        FakeSource source = new FakeSource("abc");
        FeatureCache cache = new FeatureCache(dir);
        CachedFeatureTable table = cache.load(FeatureCacheKey.of("snap1", source, FeatureStorage.FLOAT16),
                List.of("x", "y"), source, FeatureCache.ExtractionListener.NONE);
        float[] image = new float[PATCHES * DIM];
        table.readImage(1, image, 0);
        float[] y = FakeSource.expected("y");
        for (int i = 0; i < y.length; i++) {
            assertEquals(Float16.toFloat(Float16.fromFloat(y[i])), image[i], "value " + i);
        }
    }

    @Test
    void reloadComputesOnlyMissingImagesAndSurvivesANewInstance() throws IOException {
        FakeSource source = new FakeSource("abc");
        FeatureCacheKey key = FeatureCacheKey.of("snap1", source, FeatureStorage.FLOAT16);
        new FeatureCache(dir).load(key, List.of("a", "b"), source, FeatureCache.ExtractionListener.NONE);
        assertEquals(List.of("a", "b"), source.calls);
        List<Integer> progress = new ArrayList<>();
        CachedFeatureTable table = new FeatureCache(dir).load(key, List.of("c", "a"), source,
                (done, total, id) -> progress.add(done * 10 + total));
        assertEquals(List.of("a", "b", "c"), source.calls);
        assertEquals(List.of(11), progress);
        float[] image = new float[PATCHES * DIM];
        table.readImage(1, image, 0);
        assertEquals(Float16.toFloat(Float16.fromFloat(FakeSource.expected("a")[7])), image[7]);
    }

    @Test
    void differentBackboneUsesADifferentDirectory() throws IOException {
        FakeSource one = new FakeSource("aaa");
        FakeSource two = new FakeSource("bbb");
        FeatureCache cache = new FeatureCache(dir);
        FeatureCacheKey k1 = FeatureCacheKey.of("s", one, FeatureStorage.FLOAT16);
        FeatureCacheKey k2 = FeatureCacheKey.of("s", two, FeatureStorage.FLOAT16);
        assertNotEquals(cache.directory(k1), cache.directory(k2));
        cache.load(k1, List.of("a"), one, FeatureCache.ExtractionListener.NONE);
        cache.load(k2, List.of("a"), two, FeatureCache.ExtractionListener.NONE);
        assertEquals(1, two.calls.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cache.load(k1, List.of("a"), two, FeatureCache.ExtractionListener.NONE));
        assertTrue(e.getMessage().contains("does not produce"), e.getMessage());
    }

    @Test
    void tornTailFromAnInterruptedWriteIsDropped() throws IOException {
        FakeSource source = new FakeSource("abc");
        FeatureCacheKey key = FeatureCacheKey.of("snap1", source, FeatureStorage.FLOAT32);
        FeatureCache cache = new FeatureCache(dir);
        cache.load(key, List.of("a"), source, FeatureCache.ExtractionListener.NONE);
        Path data = cache.directory(key).resolve("features.bin");
        Files.write(data, new byte[17], StandardOpenOption.APPEND);
        CachedFeatureTable table = cache.load(key, List.of("a", "b"), source, FeatureCache.ExtractionListener.NONE);
        assertEquals(2L * PATCHES * DIM * 4, Files.size(data));
        float[] image = new float[PATCHES * DIM];
        table.readImage(1, image, 0);
        assertArrayEquals(FakeSource.expected("b"), image);
    }

    @Test
    void rejectsDuplicateIdsAndBadRows() throws IOException {
        FakeSource source = new FakeSource("abc");
        FeatureCache cache = new FeatureCache(dir);
        FeatureCacheKey key = FeatureCacheKey.of("snap1", source, FeatureStorage.FLOAT16);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> cache.load(key, List.of("a", "a"), source, FeatureCache.ExtractionListener.NONE));
        assertTrue(dup.getMessage().contains("'a' listed twice"), dup.getMessage());
        CachedFeatureTable table = cache.load(key, List.of("a"), source, FeatureCache.ExtractionListener.NONE);
        assertThrows(IndexOutOfBoundsException.class, () -> table.readRows(new long[] {PATCHES}, 1, new float[DIM]));
        assertThrows(IllegalArgumentException.class, () -> new FeatureCacheKey(" ", "a", "b", FeatureStorage.FLOAT16));
    }
}
