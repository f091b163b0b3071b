package dev.inspection.scoring.model;

import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.core.digest.Sha256;
import dev.inspection.scoring.client.RegistryClient;
import dev.inspection.scoring.engine.ScoringException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Local copies of registry artifacts in {@code root/model/version/sha256/file}. A file is downloaded
 * into a temporary name, its SHA-256 is checked against the manifest and only then moved into place,
 * so the cache never holds a partial or wrong file under a final name; cached files are re-hashed
 * before use.
 */
public final class ArtifactCache {

    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final RegistryClient registry;

    public ArtifactCache(Path root, RegistryClient registry) {
        this.root = root;
        this.registry = registry;
    }

    /**
     * The verified local file of an artifact, downloaded when missing.
     *
     * @throws ScoringException FAILED_PRECONDITION for a bad file name, a bad or mismatching checksum
     */
    public Path fetch(String modelName, int version, ModelArtifact artifact) {
        String file = artifact.getFile();
        String expected = artifact.getSha256().toLowerCase(java.util.Locale.ROOT);
        if (!SAFE_FILE.matcher(file).matches() || file.startsWith(".")) {
            throw ScoringException.failedPrecondition("artifact file name '" + file + "' is not a plain file name");
        }
        if (!SHA256.matcher(expected).matches()) {
            throw ScoringException.failedPrecondition("artifact " + file + " has no valid sha256 in the manifest ('"
                    + artifact.getSha256() + "')");
        }
        Path dir = root.resolve(folderName(modelName)).resolve(Integer.toString(version)).resolve(expected);
        Path target = dir.resolve(file);
        try {
            if (Files.isRegularFile(target)) {
                if (expected.equals(Sha256.hex(target))) {
                    return target;
                }
                Files.delete(target); // damaged on disk: fetch it again
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, file, ".part");
            try {
                MessageDigest digest = Sha256.newDigest();
                registry.download(modelName, version, file, () -> {
                    digest.reset();
                    return new DigestOutputStream(Files.newOutputStream(partial), digest);
                });
                String actual = Sha256.hex(digest);
                if (!expected.equals(actual)) {
                    throw ScoringException.failedPrecondition("artifact " + file + " of model '" + modelName + "' version "
                            + version + " has sha256 " + actual + " but the manifest says " + expected);
                }
                move(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("caching artifact " + file + " in " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Model names may hold characters a file system rejects; the sha256 level keeps folders unique anyway. */
    static String folderName(String modelName) {
        String cleaned = modelName.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.startsWith(".") ? "_" + cleaned : cleaned;
    }
}
