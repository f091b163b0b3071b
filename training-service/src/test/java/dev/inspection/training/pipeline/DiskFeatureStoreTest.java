package dev.inspection.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.tensor.Float16;
import dev.inspection.training.features.FeatureSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** Embeddings derived from the id; records which ids it was asked for. */
    private static final class CountingSource implements FeatureSource {
        final List<String> calls = new ArrayList<>();
        final String backbone;

        CountingSource(String backbone) {
            this.backbone = backbone;
        }

        @Override
        public float[] embeddings(String imageId) {
            calls.add(imageId);
            return expected(imageId);
        }

        static float[] expected(String imageId) {
            float[] e = new float[3 * 2];
            for (int i = 0; i < e.length; i++) {
                e[i] = Character.digit(imageId.charAt(0), 16) + 0.25f * i;
            }
            return e;
        }

        @Override
        public int patchesPerImage() {
            return 3;
        }

        @Override
        public int featureDim() {
            return 2;
        }

        @Override
        public String backboneSha256() {
            return backbone;
        }

        @Override
        public String preprocessingId() {
            return "fake-preprocessing";
        }
    }

    @Test
    void fillExtractsOnlyMissingImagesAndRowsReadThemInTheRequestedOrder() throws IOException {
        DiskFeatureStore store = new DiskFeatureStore(root);
        CountingSource source = new CountingSource("sha");
        FeatureKey key = FeatureKey.of("snap", source);
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        String c = "c".repeat(64);
        store.fill(key, List.of(a, b), source, FeatureStore.ExtractionListener.NONE);
        List<String> extracted = new ArrayList<>();
        store.fill(key, List.of(c, a, b), source, (done, total, id) -> extracted.add(done + "/" + total + " " + id));
        assertEquals(List.of(a, b, c), source.calls, "each image is extracted once");
        assertEquals(List.of("1/1 " + c), extracted);

        FeatureRows rows = store.rows(key, List.of(c, a), 3, 2);
        assertEquals(2, rows.images());
        float[] read = new float[12];
        rows.read(0, read, 0);
        rows.read(1, read, 6);
        assertArrayEquals(CountingSource.expected(c), Arrays.copyOfRange(read, 0, 6));
        assertArrayEquals(CountingSource.expected(a), Arrays.copyOfRange(read, 6, 12));
    }

    @Test
    void fillRefusesASourceOfOtherFeaturesAndLeavesNoTempFiles() throws IOException {
        DiskFeatureStore store = new DiskFeatureStore(root);
        FeatureKey key = FeatureKey.of("snap", new CountingSource("sha"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.fill(key,
                List.of("a".repeat(64)), new CountingSource("other"), FeatureStore.ExtractionListener.NONE));
        assertTrue(e.getMessage().contains("other"), e.getMessage());
        store.fill(key, List.of("d".repeat(64)), new CountingSource("sha"), FeatureStore.ExtractionListener.NONE);
        try (var files = Files.walk(root)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp file is left behind");
        }
    }

    // ---- the byte budget: each test image file below is 8 + 2 * 3 * 2 = 20 bytes ----

    private static final float[] SIX = {1, 2, 3, 4, 5, 6};

    private static FeatureKey key(String name) {
        return new FeatureKey("snapshot-" + name, "sha", "{\"cropSize\":64}");
    }

    private void put(DiskFeatureStore store, FeatureKey key) throws IOException {
        store.put(key, IMAGE, SIX, 3, 2);
    }

    private List<String> leftovers() throws IOException {
        try (var files = Files.walk(root)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(FeatureCacheBudget.EVICTED_SUFFIX) || n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void aWriteOverTheBudgetEvictsTheLeastRecentlyUsedKeyAndKeepsTheOneJustWritten() throws IOException {
        DiskFeatureStore store = new DiskFeatureStore(root, 50);
        put(store, key("a"));
        put(store, key("b"));
        store.hold(List.of(key("a"))).close(); // a job used a after b
        put(store, key("c"));
        assertTrue(store.contains(key("a"), IMAGE));
        assertFalse(store.contains(key("b"), IMAGE), "b was used least recently");
        assertTrue(store.contains(key("c"), IMAGE));
        assertEquals(40, store.sizeBytes());
        assertEquals(1, store.evictedKeys());
        assertFalse(Files.exists(root.resolve(DiskFeatureStore.keyDigest(key("b")))));
        assertEquals(List.of(), leftovers(), "the evicted folder is deleted, not left renamed");
    }

    @Test
    void heldKeysAreNeverEvictedAndBecomeEvictableWhenTheirHoldsClose() throws IOException {
        DiskFeatureStore store = new DiskFeatureStore(root, 50);
        FeatureStore.Hold jobA = store.hold(List.of(key("a")));
        FeatureStore.Hold jobB = store.hold(List.of(key("b"), key("b")));
        FeatureStore.Hold secondOfB = store.hold(List.of(key("b")));
        put(store, key("a"));
        put(store, key("b"));
        put(store, key("c"));
        assertEquals(60, store.sizeBytes(), "over budget, but a and b are in use and c was just written");
        assertEquals(0, store.evictedKeys());

        jobA.close();
        jobA.close(); // twice: releases once
        jobB.close();
        put(store, key("d"));
        assertFalse(store.contains(key("a"), IMAGE), "a is no longer held and was used least recently");
        assertTrue(store.contains(key("b"), IMAGE), "b is still held by its second hold");
        assertFalse(store.contains(key("c"), IMAGE), "evicting a alone left 60 bytes: c, next in age, goes too");
        assertTrue(store.contains(key("d"), IMAGE));
        assertEquals(40, store.sizeBytes());
        assertEquals(2, store.evictedKeys());

        secondOfB.close();
        put(store, key("e"));
        assertEquals(List.of(false, false, true, true),
                List.of(store.contains(key("b"), IMAGE), store.contains(key("c"), IMAGE),
                        store.contains(key("d"), IMAGE), store.contains(key("e"), IMAGE)));
        assertEquals(40, store.sizeBytes());
        assertEquals(3, store.evictedKeys());
    }

    @Test
    void rewritingAnImageCountsOnlyTheDifference() throws IOException {
        DiskFeatureStore store = new DiskFeatureStore(root, 1000);
        put(store, key("a"));
        put(store, key("a"));
        assertEquals(20, store.sizeBytes());
        store.put(key("a"), IMAGE, new float[12], 6, 2);
        assertEquals(32, store.sizeBytes());
    }

    @Test
    void aReopenedStoreCountsWhatIsOnDiskRemovesCrashLeftoversAndEvictsByLastUse() throws IOException {
        DiskFeatureStore first = new DiskFeatureStore(root);
        for (String name : List.of("a", "b", "c")) {
            put(first, key(name));
        }
        Files.setLastModifiedTime(root.resolve(DiskFeatureStore.keyDigest(key("a"))), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(root.resolve(DiskFeatureStore.keyDigest(key("b"))), FileTime.fromMillis(3_000_000));
        Files.setLastModifiedTime(root.resolve(DiskFeatureStore.keyDigest(key("c"))), FileTime.fromMillis(2_000_000));
        Path halfEvicted = Files.createDirectories(root.resolve("e".repeat(64) + ".123" + FeatureCacheBudget.EVICTED_SUFFIX));
        Files.write(halfEvicted.resolve(IMAGE + ".f16"), new byte[20]);
        Path notOurs = Files.createDirectories(root.resolve("someone-elses"));
        Files.write(notOurs.resolve("data.bin"), new byte[1000]);
        Files.setLastModifiedTime(notOurs, FileTime.fromMillis(0));
        Files.write(root.resolve(DiskFeatureStore.keyDigest(key("b"))).resolve(IMAGE + "42.tmp"), new byte[7]);

        DiskFeatureStore reopened = new DiskFeatureStore(root, 50);
        assertEquals(40, reopened.sizeBytes(), "three sets of 20 bytes counted, the oldest evicted at once");
        assertFalse(reopened.contains(key("a"), IMAGE), "a's folder was modified longest ago");
        assertTrue(reopened.contains(key("b"), IMAGE));
        assertTrue(reopened.contains(key("c"), IMAGE));
        assertEquals(List.of(), leftovers(), "the half-evicted folder and the interrupted write are gone");
        assertTrue(Files.exists(notOurs.resolve("data.bin")), "a folder the store did not make is never counted nor evicted");
    }

    @Test
    void refusesABudgetBelowOneByte() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DiskFeatureStore(root, 0));
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
    }
}
