package dev.inspection.training.features;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared folder: system property {@code inspection.shared.dir}, else ../shared or ../../shared. */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty("inspection.shared.dir");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (String candidate : new String[] {"../shared", "../../shared"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("shared folder not found: set -Dinspection.shared.dir (tried "
                + configured + ", ../shared, ../../shared)");
    }

    public static Path trunkModel() {
        return root().resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx");
    }
}
