package dev.inspection.training.pipeline;

import dev.inspection.training.registry.VersionFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps a {@link DiskFeatureStore}'s folder under a byte budget, so that the cache fits the volume it
 * lives on (a Kubernetes {@code emptyDir} with a size limit evicts the whole pod when it overflows).
 * The store has one folder per key; when a write takes the total over the budget, whole folders go,
 * least recently used first, except the one just written and those a job holds. A folder is renamed
 * away before it is deleted, so a reader never sees half of one, and the next start removes what a
 * crash left behind. An evicted key's features are extracted again by the next job that needs them.
 */
final class FeatureCacheBudget {

    private static final Logger LOG = Logger.getLogger(FeatureCacheBudget.class.getName());
    /** Suffix of a folder being deleted. */
    static final String EVICTED_SUFFIX = ".evicted";
    /** The store's key folders (SHA-256 of the key); nothing else in the root is counted or touched. */
    private static final Pattern KEY_FOLDER = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern EVICTED_FOLDER = Pattern.compile("[0-9a-f]{64}\\.\\d+" + Pattern.quote(EVICTED_SUFFIX));

    private final Path root;
    private final long maxBytes;
    private final Map<String, Long> bytes = new HashMap<>();
    /** Order of last use: a counter, seeded from the folders' modification times at start. */
    private final Map<String, Long> lastUse = new HashMap<>();
    private final Map<String, Integer> holds = new HashMap<>();
    private long useClock;
    private long total;
    private long evictedFolders;
    /** Set while over budget with everything in use, so that the warning comes once, not per write. */
    private boolean warnedAllInUse;

    /**
     * Reads what the folder already holds (and removes what an interrupted eviction or write left).
     *
     * @param maxBytes the budget; {@code Long.MAX_VALUE} for none
     */
    FeatureCacheBudget(Path root, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("feature cache budget must be at least 1 byte, got " + maxBytes);
        }
        this.root = root;
        this.maxBytes = maxBytes;
        scan();
    }

    private void scan() {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).forEach(folders::add);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the feature cache " + root, e);
        }
        folders.sort(Comparator.comparing(FeatureCacheBudget::modified));
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            if (EVICTED_FOLDER.matcher(name).matches()) {
                deleteTree(folder);
                continue;
            }
            if (!KEY_FOLDER.matcher(name).matches()) {
                continue; // not ours: a misconfigured root must not lose other folders
            }
            long size = 0;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.getFileName().toString().endsWith(".tmp")) {
                        Files.deleteIfExists(f); // a write interrupted by a crash: never moved into place
                    } else if (Files.isRegularFile(f)) {
                        size += Files.size(f);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the feature cache folder " + folder, e);
            }
            bytes.put(name, size);
            lastUse.put(name, ++useClock);
            total += size;
        }
        evictOver(null).forEach(FeatureCacheBudget::deleteTree);
    }

    /** A job starts using {@code folder}: it is kept, and counts as just used. */
    synchronized void hold(String folder) {
        holds.merge(folder, 1, Integer::sum);
        markUsed(folder);
        Path dir = root.resolve(folder);
        if (Files.isDirectory(dir)) {
            try {
                // Reads leave the folder's mtime alone; this keeps the order across restarts (scan() sorts by it).
                Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                LOG.fine(() -> "could not touch " + dir + ": " + e);
            }
        }
    }

    /** Ends one {@link #hold}. */
    synchronized void release(String folder) {
        holds.computeIfPresent(folder, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** {@code delta} bytes were written into {@code folder}; evicts other folders when over budget. */
    void written(String folder, long delta) {
        List<Path> evicted;
        synchronized (this) {
            bytes.merge(folder, delta, Long::sum);
            total += delta;
            markUsed(folder); // on disk, moving the file in has updated the folder's mtime already
            evicted = evictOver(folder);
        }
        evicted.forEach(FeatureCacheBudget::deleteTree); // outside the lock: renamed away already
    }

    synchronized long totalBytes() {
        return total;
    }

    synchronized long evictedFolders() {
        return evictedFolders;
    }

    private void markUsed(String folder) {
        lastUse.put(folder, ++useClock);
    }

    /** Renames least recently used, unheld folders away until the total fits; returns them for deletion. */
    private List<Path> evictOver(String justWritten) {
        List<Path> renamed = new ArrayList<>();
        while (total > maxBytes) {
            String victim = null;
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : lastUse.entrySet()) {
                String name = e.getKey();
                if (!name.equals(justWritten) && !holds.containsKey(name) && bytes.getOrDefault(name, 0L) > 0
                        && e.getValue() < oldest) {
                    victim = name;
                    oldest = e.getValue();
                }
            }
            if (victim == null) {
                if (warnedAllInUse) {
                    break;
                }
                warnedAllInUse = true;
                LOG.warning(() -> String.format("feature cache %s holds %d bytes, over its budget of %d, and all of it"
                        + " is in use: give the volume more room than the largest dataset's features", root, total,
                        maxBytes));
                break;
            }
            long size = bytes.remove(victim);
            lastUse.remove(victim);
            total -= size;
            evictedFolders++;
            Path from = root.resolve(victim);
            Path to = root.resolve(victim + "." + (System.nanoTime() & Long.MAX_VALUE) + EVICTED_SUFFIX);
            try {
                Files.move(from, to);
                renamed.add(to);
            } catch (IOException e) {
                LOG.warning("could not evict feature cache folder " + from + ": " + e);
                continue;
            }
            String name = victim;
            LOG.info(() -> String.format("feature cache: evicted %s (%d bytes, least recently used) to stay within"
                    + " %d bytes", name, size, maxBytes));
        }
        if (total <= maxBytes) {
            warnedAllInUse = false;
        }
        return renamed;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteTree(Path folder) {
        try {
            VersionFolders.deleteQuietly(folder);
        } catch (UncheckedIOException e) {
            // Renamed away already: the next start deletes it.
            LOG.warning("could not delete evicted feature cache folder " + folder + ": " + e.getCause());
        }
    }
}
