package dev.inspection.training.registry;

import dev.inspection.training.jobs.TrainingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The registry's folders: {@code <root>/<model>/<version>/}. A version is written into a temp folder
 * beside its final name, flushed to disk, then renamed in one atomic step, so the final name only ever
 * holds a complete version.
 */
public final class VersionFolders {

    static final String TEMP_PREFIX = ".tmp-";
    /** Scratch folder of running jobs' exports under the root; emptied at start-up. */
    public static final String WORK_DIR = ".work";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern VERSION_DIR = Pattern.compile("[1-9][0-9]*");

    /** Writes a version's files into the (temp) folder it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path folder) throws IOException;
    }

    private final Path root;

    public VersionFolders(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** @throws TrainingException INVALID_ARGUMENT for a model name that is not a safe folder name */
    public static String checkModelName(String modelName) {
        if (modelName == null || !NAME.matcher(modelName).matches()) {
            throw TrainingException.invalidArgument("model_name must be 1-128 characters of [A-Za-z0-9._-] starting "
                    + "with a letter or digit, got '" + modelName + "'");
        }
        return modelName;
    }

    /** @throws TrainingException INVALID_ARGUMENT for a file name with a path or a leading dot */
    public static String checkFileName(String file) {
        if (file == null || !NAME.matcher(file).matches()) {
            throw TrainingException.invalidArgument("file must be a plain file name of the version folder, got '"
                    + file + "'");
        }
        return file;
    }

    public Path versionDir(String modelName, int version) {
        return root.resolve(checkModelName(modelName)).resolve(Integer.toString(version));
    }

    /**
     * Writes a version atomically.
     *
     * @throws IOException when writing fails (the temp folder is removed) or the version folder exists
     */
    public Path publish(String modelName, int version, Writer writer) throws IOException {
        Path modelDir = root.resolve(checkModelName(modelName));
        Files.createDirectories(modelDir);
        Path target = modelDir.resolve(Integer.toString(version));
        if (Files.exists(target)) {
            throw new IOException("version folder " + target + " already exists");
        }
        Path temp = Files.createTempDirectory(modelDir, TEMP_PREFIX + version + "-");
        try {
            writer.write(temp);
            try (Stream<Path> files = Files.list(temp)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    fsync(file);
                }
            }
            fsync(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            fsync(modelDir);
            return target;
        } finally {
            if (Files.exists(temp)) {
                deleteTree(temp);
            }
        }
    }

    /** Replaces one file of a published version atomically (temp file + rename). */
    public void replaceFile(String modelName, int version, String file, byte[] content) throws IOException {
        Path dir = versionDir(modelName, version);
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".part");
        try {
            Files.write(temp, content);
            fsync(temp);
            Files.move(temp, dir.resolve(checkFileName(file)), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            fsync(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Start-up cleanup: removes temp folders of interrupted publishes and version folders that were
     * moved into place but never committed to the database.
     *
     * @param committed committed version numbers per model name
     * @return the folders removed
     */
    public List<Path> removeLeftovers(Map<String, Set<Integer>> committed) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (Stream<Path> models = Files.list(root)) {
            for (Path modelDir : (Iterable<Path>) models::iterator) {
                if (!Files.isDirectory(modelDir)) {
                    continue;
                }
                if (modelDir.getFileName().toString().equals(WORK_DIR)) {
                    deleteTree(modelDir);
                    removed.add(modelDir);
                    continue;
                }
                Set<Integer> versions = committed.getOrDefault(modelDir.getFileName().toString(), Set.of());
                try (Stream<Path> entries = Files.list(modelDir)) {
                    for (Path entry : (Iterable<Path>) entries::iterator) {
                        String name = entry.getFileName().toString();
                        boolean temp = name.startsWith(TEMP_PREFIX);
                        boolean orphan = VERSION_DIR.matcher(name).matches() && !versions.contains(Integer.parseInt(name));
                        if (temp || orphan) {
                            deleteTree(entry);
                            removed.add(entry);
                        }
                    }
                }
            }
        }
        return removed;
    }

    static void fsync(Path path) throws IOException {
        boolean dir = Files.isDirectory(path);
        try (FileChannel channel = FileChannel.open(path, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a folder tree, wrapping I/O failures. */
    public static void deleteQuietly(Path path) {
        try {
            deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }
}
