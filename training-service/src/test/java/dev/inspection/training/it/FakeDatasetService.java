package dev.inspection.training.it;

import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.training.pipeline.RecordDatasetService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the dataset service: one dataset made of real MVTec bottle files (a few train/good,
 * test/good and test/broken_large images with their masks), frozen into snapshots on request.
 */
final class FakeDatasetService extends RecordDatasetService {

    static final String DATASET_ID = "4b8d7c52-0d4e-4a7e-8a55-2f0a3f7f9a01";

    FakeDatasetService(Path bottle, int trainGood, int testGood, int testBroken) throws IOException {
        super(DATASET_ID, records(bottle, trainGood, testGood, testBroken));
    }

    private static List<ImageRecord> records(Path bottle, int trainGood, int testGood, int testBroken)
            throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        add(records, bottle, "train/good", trainGood, Split.TRAIN, "good");
        add(records, bottle, "test/good", testGood, Split.TEST, "good");
        add(records, bottle, "test/broken_large", testBroken, Split.TEST, "broken_large");
        return records;
    }

    private static void add(List<ImageRecord> records, Path root, String folder, int count, Split split, String defect)
            throws IOException {
        for (int i = 0; i < count; i++) {
            String stem = String.format("%03d", i);
            byte[] bytes = Files.readAllBytes(root.resolve(folder).resolve(stem + ".png"));
            byte[] mask = defect.equals("good") ? null
                    : Files.readAllBytes(root.resolve("ground_truth").resolve(defect).resolve(stem + "_mask.png"));
            records.add(record(DATASET_ID, folder + "/" + stem + ".png", bytes, split, defect, mask));
        }
    }
}
