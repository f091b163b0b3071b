package dev.inspection.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small MVTec-layout copy of the shared bottle category in a temp folder (never in the repo):
 * enough train normals for the calibration hold-out, and two defect types with masks.
 */
final class BottleSubset {
    static final int TRAIN_NORMALS = 10;
    static final int TEST_NORMALS = 3;
    static final List<String> DEFECT_TYPES = List.of("broken_large", "contamination");
    static final List<String> DEFECT_IMAGES = List.of("000", "001");

    private BottleSubset() {
    }

    static Path copy(Path bottle, Path target) throws IOException {
        copyFirst(bottle.resolve("train/good"), target.resolve("train/good"), TRAIN_NORMALS);
        copyFirst(bottle.resolve("test/good"), target.resolve("test/good"), TEST_NORMALS);
        for (String type : DEFECT_TYPES) {
            Files.createDirectories(target.resolve("test").resolve(type));
            Files.createDirectories(target.resolve("ground_truth").resolve(type));
            for (String stem : DEFECT_IMAGES) {
                Files.copy(bottle.resolve("test").resolve(type).resolve(stem + ".png"),
                        target.resolve("test").resolve(type).resolve(stem + ".png"));
                Files.copy(bottle.resolve("ground_truth").resolve(type).resolve(stem + "_mask.png"),
                        target.resolve("ground_truth").resolve(type).resolve(stem + "_mask.png"));
            }
        }
        return target;
    }

    static int testAnomalies() {
        return DEFECT_TYPES.size() * DEFECT_IMAGES.size();
    }

    private static void copyFirst(Path from, Path to, int count) throws IOException {
        Files.createDirectories(to);
        List<Path> files;
        try (var listing = Files.list(from)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().limit(count).toList();
        }
        if (files.size() < count) {
            throw new IllegalStateException(from + " has " + files.size() + " PNGs, the subset needs " + count);
        }
        for (Path f : files) {
            Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
