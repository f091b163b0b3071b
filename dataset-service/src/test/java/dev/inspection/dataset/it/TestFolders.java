package dev.inspection.dataset.it;

import dev.inspection.dataset.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** Small MVTec-layout folders built from copies of bottle files in the test import root (never in the repo). */
final class TestFolders {
    private TestFolders() {
    }

    /** train/good (2), test/good (1), test/broken_large (1, with mask) under a fresh folder. */
    static Path smallBottle(Path parent) throws IOException {
        Path folder = Files.createDirectories(parent.resolve("small-" + UUID.randomUUID()));
        copy("train/good/000.png", folder);
        copy("train/good/001.png", folder);
        copy("test/good/000.png", folder);
        copy("test/broken_large/000.png", folder);
        copy("ground_truth/broken_large/000_mask.png", folder);
        return folder;
    }

    static void copy(String relative, Path folder) throws IOException {
        Path target = folder.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(SharedData.bottle().resolve(relative), target);
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
