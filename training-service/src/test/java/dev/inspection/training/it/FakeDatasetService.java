package dev.inspection.training.it;

import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.training.pipeline.RecordDatasetService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Stands in for the dataset service: one dataset made of real MVTec bottle files (a few train/good,
 * test/good and test/broken_large images with their masks, or a whole MVTec-layout folder), frozen
 * into snapshots on request.
 */
final class FakeDatasetService extends RecordDatasetService {

    static final String DATASET_ID = "4b8d7c52-0d4e-4a7e-8a55-2f0a3f7f9a01";

    FakeDatasetService(Path bottle, int trainGood, int testGood, int testBroken) throws IOException {
        super(DATASET_ID, subset(bottle, trainGood, testGood, testBroken));
    }

    private FakeDatasetService(List<ImageRecord> records) {
        super(DATASET_ID, records);
    }

    /** Every image of an MVTec-layout folder: train/good as TRAIN normals, test/<type> as TEST with masks. */
    static FakeDatasetService wholeFolder(Path root) throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        add(records, root, "train/good", stems(root.resolve("train/good")), Split.TRAIN, "good");
        List<String> types;
        try (Stream<Path> dirs = Files.list(root.resolve("test"))) {
            types = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
        for (String type : types) {
            add(records, root, "test/" + type, stems(root.resolve("test").resolve(type)), Split.TEST, type);
        }
        return new FakeDatasetService(records);
    }

    private static List<ImageRecord> subset(Path bottle, int trainGood, int testGood, int testBroken)
            throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        add(records, bottle, "train/good", numbered(trainGood), Split.TRAIN, "good");
        add(records, bottle, "test/good", numbered(testGood), Split.TEST, "good");
        add(records, bottle, "test/broken_large", numbered(testBroken), Split.TEST, "broken_large");
        return records;
    }

    private static List<String> numbered(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%03d", i)).toList();
    }

    private static List<String> stems(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    private static void add(List<ImageRecord> records, Path root, String folder, List<String> stems, Split split,
            String defect) throws IOException {
        for (String stem : stems) {
            byte[] bytes = Files.readAllBytes(root.resolve(folder).resolve(stem + ".png"));
            byte[] mask = defect.equals("good") ? null
                    : Files.readAllBytes(root.resolve("ground_truth").resolve(defect).resolve(stem + "_mask.png"));
            records.add(record(DATASET_ID, folder + "/" + stem + ".png", bytes, split, defect, mask));
        }
    }
}
