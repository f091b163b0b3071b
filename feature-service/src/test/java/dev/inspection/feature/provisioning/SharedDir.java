package dev.inspection.feature.provisioning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the read-only shared folder (system property {@code inspection.shared.dir}, else ../shared). */
public final class SharedDir {

    private SharedDir() {
    }

    public static Optional<Path> find() {
        String prop = System.getProperty("inspection.shared.dir");
        for (String candidate : new String[] {prop, "../shared", "../../shared"}) {
            if (candidate != null && Files.isDirectory(Path.of(candidate, "models"))) {
                return Optional.of(Path.of(candidate).toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    public static Optional<Path> backboneDir() {
        return find().map(s -> s.resolve("models/resnet50_keras_imagenet")).filter(Files::isDirectory);
    }

    public static Optional<Path> goldenDir() {
        return backboneDir().map(d -> d.resolve("golden")).filter(Files::isDirectory);
    }
}
