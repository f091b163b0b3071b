package dev.inspection.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared folder (data, models) for tests. */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String configured = System.getProperty("inspection.shared.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
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

    public static Path bottle() {
        return dir().resolve("data/mvtec_ad/bottle");
    }

    public static Path magneticTile() {
        return dir().resolve("data/magnetic_tile");
    }
}
