package dev.inspection.training.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared folder (data, models): -Dinspection.shared.dir, else ../shared or ../../shared. */
public final class SharedDir {
    private SharedDir() {
    }

    public static Path get() {
        String configured = System.getProperty("inspection.shared.dir");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (String candidate : new String[] {"../shared", "../../shared"}) {
            Path path = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(path.resolve("data"))) {
                return path;
            }
        }
        throw new IllegalStateException("shared folder not found: set -Dinspection.shared.dir");
    }
}
