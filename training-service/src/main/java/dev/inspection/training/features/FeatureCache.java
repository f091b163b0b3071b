package dev.inspection.training.features;

import dev.inspection.core.tensor.Float16;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * On-disk cache of patch embeddings, so training epochs and re-runs never re-run the backbone.
 *
 * <p>One directory per {@link FeatureCacheKey} under the root:
 * <ul>
 *   <li>{@code key.txt}: the key in words;</li>
 *   <li>{@code layout.txt}: {@code patches dim} of every record;</li>
 *   <li>{@code features.bin}: fixed-size records, one per image, {@code patches x dim} little-endian
 *       float16 or float32 values;</li>
 *   <li>{@code index.tsv}: {@code slot<TAB>imageId}, appended after the record is written, so a crash
 *       mid-record leaves at most an unindexed tail that the next open truncates.</li>
 * </ul>
 * Images are added on demand: {@link #load} computes only the ids the directory lacks and returns a
 * memory-mapped {@link CachedFeatureTable} over the requested ids in the requested order. An exclusive
 * file lock serialises writers across processes; within one JVM use one {@code FeatureCache} per root.
 */
public final class FeatureCache {

    /** Progress of feature extraction for missing images. */
    @FunctionalInterface
    public interface ExtractionListener {
        void onImageExtracted(int done, int toExtract, String imageId);

        ExtractionListener NONE = (done, total, id) -> { };
    }

    private static final String DATA_FILE = "features.bin";
    private static final String INDEX_FILE = "index.tsv";
    private static final String LAYOUT_FILE = "layout.txt";
    private static final String KEY_FILE = "key.txt";
    private static final String LOCK_FILE = "lock";

    private final Path root;

    public FeatureCache(Path root) {
        if (root == null) {
            throw new IllegalArgumentException("feature cache root is null");
        }
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Directory holding the entries of {@code key}. */
    public Path directory(FeatureCacheKey key) {
        return root.resolve(key.directoryName());
    }

    /**
     * Embeddings of {@code imageIds} (in that order) under {@code key}, extracting missing images with
     * {@code source}. The source must produce the features the key names.
     *
     * @throws IllegalArgumentException for duplicate or blank ids, a source whose backbone or
     *                                  preprocessing differs from the key, or a layout mismatch
     */
    public synchronized CachedFeatureTable load(FeatureCacheKey key, List<String> imageIds, FeatureSource source,
                                                ExtractionListener listener) throws IOException {
        checkIds(imageIds);
        if (!key.backboneSha256().equals(source.backboneSha256())
                || !key.preprocessingId().equals(source.preprocessingId())) {
            throw new IllegalArgumentException("feature source (backbone " + source.backboneSha256() + ", preprocessing "
                    + source.preprocessingId() + ") does not produce the features of cache key " + key.describe().trim());
        }
        int patches = source.patchesPerImage();
        int dim = source.featureDim();
        Path dir = directory(key);
        Files.createDirectories(dir);
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            writeOrCheckHeader(dir, key, patches, dim);
            long recordBytes = (long) patches * dim * key.storage().bytesPerValue();
            Map<String, Integer> index = readIndex(dir, recordBytes);
            List<String> missing = new ArrayList<>();
            for (String id : imageIds) {
                if (!index.containsKey(id)) {
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                extract(dir, key.storage(), source, missing, index, recordBytes, listener);
            }
            int[] slots = new int[imageIds.size()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = index.get(imageIds.get(i));
            }
            return new CachedFeatureTable(dir.resolve(DATA_FILE), key.storage(), patches, dim, slots, index.size());
        }
    }

    private static void checkIds(List<String> imageIds) {
        if (imageIds == null || imageIds.isEmpty()) {
            throw new IllegalArgumentException("no image ids given to the feature cache");
        }
        Set<String> seen = new HashSet<>();
        for (String id : imageIds) {
            if (id == null || id.isBlank() || id.indexOf('\n') >= 0 || id.indexOf('\t') >= 0) {
                throw new IllegalArgumentException("image id must be non-blank without tabs or line breaks: '" + id + "'");
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException("image id '" + id + "' listed twice");
            }
        }
    }

    private static void writeOrCheckHeader(Path dir, FeatureCacheKey key, int patches, int dim) throws IOException {
        Path layout = dir.resolve(LAYOUT_FILE);
        String expected = patches + " " + dim;
        if (Files.exists(layout)) {
            String found = Files.readString(layout, StandardCharsets.UTF_8).trim();
            if (!found.equals(expected)) {
                throw new IllegalArgumentException("feature cache " + dir + " holds records of layout '" + found
                        + "' (patches dim) but the source produces '" + expected + "'");
            }
        } else {
            Files.writeString(dir.resolve(KEY_FILE), key.describe(), StandardCharsets.UTF_8);
            Files.writeString(layout, expected + "\n", StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads {@code index.tsv}, keeping only entries whose record is complete, and truncates any
     * unindexed tail of the data file left by an interrupted write.
     */
    private static Map<String, Integer> readIndex(Path dir, long recordBytes) throws IOException {
        Map<String, Integer> index = new HashMap<>();
        Path indexFile = dir.resolve(INDEX_FILE);
        Path dataFile = dir.resolve(DATA_FILE);
        long dataSize = Files.exists(dataFile) ? Files.size(dataFile) : 0;
        long completeRecords = dataSize / recordBytes;
        if (Files.exists(indexFile)) {
            for (String line : Files.readAllLines(indexFile, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    continue; // a torn last line
                }
                int slot = Integer.parseInt(line.substring(0, tab));
                if (slot != index.size() || slot >= completeRecords) {
                    break; // slots are written in order; anything after a gap is not trustworthy
                }
                index.put(line.substring(tab + 1), slot);
            }
        }
        long keep = index.size() * recordBytes;
        if (dataSize != keep) {
            try (FileChannel data = FileChannel.open(dataFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                data.truncate(keep);
            }
        }
        StringBuilder rewritten = new StringBuilder();
        String[] ordered = new String[index.size()];
        index.forEach((id, slot) -> ordered[slot] = id);
        for (int slot = 0; slot < ordered.length; slot++) {
            rewritten.append(slot).append('\t').append(ordered[slot]).append('\n');
        }
        Files.writeString(indexFile, rewritten, StandardCharsets.UTF_8);
        return index;
    }

    private static void extract(Path dir, FeatureStorage storage, FeatureSource source, List<String> missing,
                                Map<String, Integer> index, long recordBytes, ExtractionListener listener)
            throws IOException {
        int values = source.patchesPerImage() * source.featureDim();
        ByteBuffer record = ByteBuffer.allocateDirect((int) recordBytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel data = FileChannel.open(dir.resolve(DATA_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             BufferedWriter indexWriter = Files.newBufferedWriter(dir.resolve(INDEX_FILE), StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            int done = 0;
            for (String id : missing) {
                float[] embeddings = source.embeddings(id);
                if (embeddings == null || embeddings.length != values) {
                    throw new IllegalStateException("feature source returned " + (embeddings == null ? "nothing"
                            : embeddings.length + " floats") + " for image '" + id + "', expected " + values);
                }
                record.clear();
                if (storage == FeatureStorage.FLOAT16) {
                    Float16.encode(embeddings, 0, record, values);
                } else {
                    record.asFloatBuffer().put(embeddings);
                    record.position(values * 4);
                }
                record.flip();
                int slot = index.size();
                long position = slot * recordBytes;
                while (record.hasRemaining()) {
                    position += data.write(record, position);
                }
                indexWriter.write(slot + "\t" + id + "\n");
                indexWriter.flush();
                index.put(id, slot);
                listener.onImageExtracted(++done, missing.size(), id);
            }
            data.force(false);
        }
    }
}
