package dev.inspection.training.it;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.Mask;
import dev.inspection.api.dataset.v1.CreateSnapshotRequest;
import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GetSnapshotRequest;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.dataset.v1.StreamSnapshotImagesRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Stands in for the dataset service: one dataset made of real MVTec bottle files (a few train/good,
 * test/good and test/broken_large images with their masks), frozen into snapshots on request.
 */
final class FakeDatasetService extends DatasetServiceGrpc.DatasetServiceImplBase {

    static final String DATASET_ID = "4b8d7c52-0d4e-4a7e-8a55-2f0a3f7f9a01";

    private final List<ImageRecord> records = new ArrayList<>();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    FakeDatasetService(Path bottle, int trainGood, int testGood, int testBroken) throws IOException {
        add(bottle, "train/good", numbered(trainGood), Split.TRAIN, Label.NORMAL, "good");
        add(bottle, "test/good", numbered(testGood), Split.TEST, Label.NORMAL, "good");
        add(bottle, "test/broken_large", numbered(testBroken), Split.TEST, Label.ANOMALOUS, "broken_large");
    }

    private FakeDatasetService() {
    }

    /** Every image of an MVTec-layout folder: train/good as TRAIN normals, test/<type> as TEST with masks. */
    static FakeDatasetService wholeFolder(Path root) throws IOException {
        FakeDatasetService service = new FakeDatasetService();
        service.add(root, "train/good", stems(root.resolve("train/good")), Split.TRAIN, Label.NORMAL, "good");
        List<String> types;
        try (Stream<Path> dirs = Files.list(root.resolve("test"))) {
            types = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
        for (String type : types) {
            boolean good = type.equals("good");
            service.add(root, "test/" + type, stems(root.resolve("test").resolve(type)), Split.TEST,
                    good ? Label.NORMAL : Label.ANOMALOUS, type);
        }
        return service;
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

    private void add(Path root, String folder, List<String> stems, Split split, Label label, String defect)
            throws IOException {
        for (String stem : stems) {
            byte[] bytes = Files.readAllBytes(root.resolve(folder).resolve(stem + ".png"));
            ImageRecord.Builder r = ImageRecord.newBuilder().setImageId(sha256(bytes)).setDatasetId(DATASET_ID)
                    .setSplit(split).setLabel(label).setDefectType(defect).setSourceName(folder + "/" + stem + ".png")
                    .setImageBytes(ByteString.copyFrom(bytes));
            if (label == Label.ANOMALOUS) {
                Path mask = root.resolve("ground_truth").resolve(defect).resolve(stem + "_mask.png");
                r.setHasMask(true).setMask(Mask.newBuilder().setPng(ByteString.copyFrom(Files.readAllBytes(mask))));
            }
            records.add(r.build());
        }
    }

    int images() {
        return records.size();
    }

    @Override
    public void createSnapshot(CreateSnapshotRequest request, StreamObserver<Snapshot> responses) {
        if (!request.getDatasetId().equals(DATASET_ID)) {
            responses.onError(Status.NOT_FOUND.withDescription("dataset " + request.getDatasetId() + " not found")
                    .asRuntimeException());
            return;
        }
        Snapshot s = Snapshot.newBuilder().setId(UUID.randomUUID().toString()).setDatasetId(DATASET_ID)
                .setDescription(request.getDescription())
                .setStatistics(DatasetStatistics.newBuilder().setDatasetId(DATASET_ID).setImages(records.size())).build();
        snapshots.put(s.getId(), s);
        responses.onNext(s);
        responses.onCompleted();
    }

    @Override
    public void getSnapshot(GetSnapshotRequest request, StreamObserver<Snapshot> responses) {
        Snapshot s = snapshots.get(request.getSnapshotId());
        if (s == null) {
            responses.onError(Status.NOT_FOUND.withDescription("snapshot " + request.getSnapshotId() + " not found")
                    .asRuntimeException());
            return;
        }
        responses.onNext(s);
        responses.onCompleted();
    }

    @Override
    public void streamSnapshotImages(StreamSnapshotImagesRequest request, StreamObserver<ImageRecord> responses) {
        if (!snapshots.containsKey(request.getSnapshotId())) {
            responses.onError(Status.NOT_FOUND.withDescription("snapshot " + request.getSnapshotId() + " not found")
                    .asRuntimeException());
            return;
        }
        for (ImageRecord r : records) {
            ImageRecord.Builder out = r.toBuilder();
            if (!request.getIncludeBytes()) {
                out.clearImageBytes();
            }
            if (!request.getIncludeMasks()) {
                out.clearMask();
            }
            responses.onNext(out.build());
        }
        responses.onCompleted();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
