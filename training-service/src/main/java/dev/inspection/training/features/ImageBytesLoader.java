package dev.inspection.training.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the encoded bytes (PNG/JPEG/...) of an image by id. */
@FunctionalInterface
public interface ImageBytesLoader {

    byte[] load(String imageId) throws IOException;

    /** Ids are paths relative to {@code root} (e.g. {@code train/good/000.png}); ids escaping it are refused. */
    static ImageBytesLoader directory(Path root) {
        Path base = root.toAbsolutePath().normalize();
        return id -> {
            Path file = base.resolve(id).normalize();
            if (!file.startsWith(base)) {
                throw new IllegalArgumentException("image id '" + id + "' points outside " + base);
            }
            return Files.readAllBytes(file);
        };
    }
}
