package dev.inspection.core.tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the read-only shared folder (data, models, goldens) for tests. */
public final class SharedTestData {

    private SharedTestData() {
    }

    /**
     * The system property {@code inspection.shared.dir} (set by surefire from the parent pom), else
     * {@code ../shared} or {@code ../../shared} relative to the working directory.
     */
    public static Path root() {
        String configured = System.getProperty("inspection.shared.dir");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (String candidate : new String[] {"../shared", "../../shared"}) {
            Path path = Paths.get(candidate);
            if (Files.isDirectory(path)) {
                return path.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("shared data folder not found: set -Dinspection.shared.dir");
    }

    public static Path golden(String fileName) {
        return root().resolve("models/resnet50_keras_imagenet/golden").resolve(fileName);
    }

    public static Path backboneModel() {
        return root().resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx");
    }

    public static Path data(String relative) {
        return root().resolve("data").resolve(relative);
    }
}
