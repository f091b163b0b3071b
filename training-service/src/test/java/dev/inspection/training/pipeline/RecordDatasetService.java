package dev.inspection.training.pipeline;

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
import dev.inspection.core.digest.Sha256;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Stands in for the dataset service: one dataset made of given image records (e.g. an MVTec-layout
 * folder read with {@link #mvtecFolder}), frozen into snapshots on request.
 */
public class RecordDatasetService extends DatasetServiceGrpc.DatasetServiceImplBase {

    static final String DATASET_ID = "0c7a4a4e-3f43-4d55-9a57-bd7a6e2b1c01";

    private final String datasetId;
    private final List<ImageRecord> records;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    RecordDatasetService(List<ImageRecord> records) {
        this(DATASET_ID, records);
    }

    /** @param records members of dataset {@code datasetId} */
    public RecordDatasetService(String datasetId, List<ImageRecord> records) {
        this.datasetId = datasetId;
        this.records = List.copyOf(records);
    }

    /** Number of members. */
    public int images() {
        return records.size();
    }

    /**
     * Records of an MVTec-layout folder: {@code train/good} as TRAIN normals, {@code test/*} as TEST
     * (defect folders ANOMALOUS with their {@code ground_truth} masks).
     *
     * @param perFolder at most this many files per folder (sorted by name), or 0 for all
     */
    public static List<ImageRecord> mvtecFolder(Path root, int perFolder) {
        List<ImageRecord> out = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            try (Stream<Path> types = Files.list(root.resolve(split))) {
                for (Path typeDir : types.filter(Files::isDirectory).sorted().toList()) {
                    String type = typeDir.getFileName().toString();
                    try (Stream<Path> files = Files.list(typeDir)) {
                        List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
                        for (Path f : perFolder > 0 ? sorted.subList(0, Math.min(perFolder, sorted.size())) : sorted) {
                            String file = f.getFileName().toString();
                            Path mask = type.equals("good") ? null : root.resolve("ground_truth").resolve(type)
                                    .resolve(file.substring(0, file.lastIndexOf('.')) + "_mask.png");
                            out.add(record(DATASET_ID, split + "/" + type + "/" + file, Files.readAllBytes(f),
                                    split.equals("train") ? Split.TRAIN : Split.TEST, type,
                                    mask == null ? null : Files.readAllBytes(mask)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** One member; {@code defectType} "good" makes it NORMAL, anything else ANOMALOUS (mask may be null). */
    public static ImageRecord record(String datasetId, String name, byte[] bytes, Split split, String defectType,
                                     byte[] maskPng) {
        boolean anomalous = !defectType.equals("good");
        ImageRecord.Builder r = ImageRecord.newBuilder().setImageId(Sha256.hex(bytes))
                .setDatasetId(datasetId).setSplit(split).setLabel(anomalous ? Label.ANOMALOUS : Label.NORMAL)
                .setDefectType(defectType).setSourceName(name).setImageBytes(ByteString.copyFrom(bytes));
        if (maskPng != null) {
            r.setHasMask(true).setMask(Mask.newBuilder().setPng(ByteString.copyFrom(maskPng)));
        }
        return r.build();
    }

    @Override
    public final void createSnapshot(CreateSnapshotRequest request, StreamObserver<Snapshot> responses) {
        if (!request.getDatasetId().equals(datasetId)) {
            responses.onError(Status.NOT_FOUND.withDescription("dataset " + request.getDatasetId() + " not found")
                    .asRuntimeException());
            return;
        }
        Snapshot s = Snapshot.newBuilder().setId(UUID.randomUUID().toString()).setDatasetId(datasetId)
                .setDescription(request.getDescription())
                .setStatistics(DatasetStatistics.newBuilder().setDatasetId(datasetId).setImages(records.size())).build();
        snapshots.put(s.getId(), s);
        responses.onNext(s);
        responses.onCompleted();
    }

    @Override
    public final void getSnapshot(GetSnapshotRequest request, StreamObserver<Snapshot> responses) {
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
    public final void streamSnapshotImages(StreamSnapshotImagesRequest request, StreamObserver<ImageRecord> responses) {
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
}
