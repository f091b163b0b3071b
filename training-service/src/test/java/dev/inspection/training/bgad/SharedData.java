package dev.inspection.training.bgad;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared: system property {@code inspection.shared.dir}, else ../shared or ../../shared. */
public final class SharedData {

    private SharedData() {
    }

    public static Path dir() {
        String prop = System.getProperty("inspection.shared.dir");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (String candidate : new String[] {"../shared", "../../shared"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("shared folder not found; set -Dinspection.shared.dir");
    }
}
