package dev.inspection.scoring.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared folder: system property {@code inspection.shared.dir}, else ../shared, ../../shared. */
public final class SharedDir {

    private SharedDir() {
    }

    public static Path get() {
        String prop = System.getProperty("inspection.shared.dir");
        for (String candidate : new String[] {prop, "../shared", "../../shared"}) {
            if (candidate != null && !candidate.isBlank() && Files.isDirectory(Path.of(candidate, "models"))) {
                return Path.of(candidate).toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("shared folder not found: set -Dinspection.shared.dir or provide ../shared");
    }

    public static Path trunkOnnx() {
        return get().resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx");
    }

    public static Path bottle(String split, String defect, String file) {
        return get().resolve("data/mvtec_ad/bottle").resolve(split).resolve(defect).resolve(file);
    }
}
