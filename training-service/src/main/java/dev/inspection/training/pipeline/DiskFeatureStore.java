package dev.inspection.training.pipeline;

import dev.inspection.core.digest.Sha256;
import dev.inspection.core.tensor.Float16;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Feature cache on disk: {@code <root>/<sha256 of the key>/<image id>.f16}, each file an 8-byte
 * little-endian header (rows, dim) followed by {@code rows * dim} float16 values. Float16 is what the
 * feature service sends, so caching it loses nothing. Files appear atomically (temp file + move). With a
 * byte budget, whole key folders are evicted least recently used first ({@link FeatureCacheBudget}).
 */
public final class DiskFeatureStore implements FeatureStore {

    private static final Pattern IMAGE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final int HEADER_BYTES = 8;

    private final Path root;
    private final FeatureCacheBudget budget;

    /** A store without a size budget (benchmarks, tests, offline runs). */
    public DiskFeatureStore(Path root) {
        this(root, Long.MAX_VALUE);
    }

    /**
     * @param maxBytes what the folder may hold; least recently used keys nobody {@link #hold holds} are
     *                 evicted beyond it
     */
    public DiskFeatureStore(Path root, long maxBytes) {
        this.root = root;
        this.budget = new FeatureCacheBudget(root, maxBytes);
    }

    @Override
    public Hold hold(Collection<FeatureKey> keys) {
        List<String> folders = keys.stream().map(DiskFeatureStore::keyDigest).distinct().toList();
        folders.forEach(budget::hold);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                folders.forEach(budget::release);
            }
        };
    }

    /** Bytes the folder holds now (as this store has counted them since it opened the folder). */
    public long sizeBytes() {
        return budget.totalBytes();
    }

    /** Key folders evicted since this store opened the folder. */
    public long evictedKeys() {
        return budget.evictedFolders();
    }

    @Override
    public boolean contains(FeatureKey key, String imageId) {
        return Files.isRegularFile(file(key, imageId));
    }

    @Override
    public int[] shape(FeatureKey key, String imageId) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        try (var in = Files.newInputStream(file(key, imageId))) {
            if (in.readNBytes(header, 0, HEADER_BYTES) != HEADER_BYTES) {
                throw new IOException("cached features of " + imageId + " are truncated");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {b.getInt(), b.getInt()};
    }

    @Override
    public void put(FeatureKey key, String imageId, float[] embeddings, int rows, int dim) throws IOException {
        if (embeddings.length < rows * dim) {
            throw new IllegalArgumentException("embeddings hold " + embeddings.length + " floats, expected " + rows * dim);
        }
        Path target = file(key, imageId);
        Files.createDirectories(target.getParent());
        byte[] bytes = new byte[HEADER_BYTES + 2 * rows * dim];
        ByteBuffer.wrap(bytes, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(rows).putInt(dim);
        Float16.encode(embeddings, 0, bytes, HEADER_BYTES, rows * dim);
        long replaced = Files.isRegularFile(target) ? Files.size(target) : 0;
        Path temp = Files.createTempFile(target.getParent(), imageId, ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        budget.written(target.getParent().getFileName().toString(), bytes.length - replaced);
    }

    @Override
    public void read(FeatureKey key, String imageId, int rows, int dim, float[] dest, int offset) throws IOException {
        Path source = file(key, imageId);
        byte[] bytes = Files.readAllBytes(source);
        if (bytes.length < HEADER_BYTES) {
            throw new IOException("cached features " + source + " are truncated");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int storedRows = header.getInt();
        int storedDim = header.getInt();
        if (storedRows != rows || storedDim != dim || bytes.length != HEADER_BYTES + 2L * rows * dim) {
            throw new IOException("cached features " + source + " are " + storedRows + "x" + storedDim + " ("
                    + bytes.length + " bytes), expected " + rows + "x" + dim);
        }
        Float16.decode(bytes, HEADER_BYTES, dest, offset, rows * dim);
    }

    private Path file(FeatureKey key, String imageId) {
        if (imageId == null || !IMAGE_ID.matcher(imageId).matches()) {
            throw new IllegalArgumentException("image id must be 64 lowercase hex digits, got '" + imageId + "'");
        }
        return root.resolve(keyDigest(key)).resolve(imageId + ".f16");
    }

    static String keyDigest(FeatureKey key) {
        String text = key.snapshotId() + '\n' + key.backboneSha256() + '\n' + key.preprocessing();
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
