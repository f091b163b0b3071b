package dev.inspection.training.clients;

import dev.inspection.api.dataset.v1.CreateSnapshotRequest;
import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.GetSnapshotRequest;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.StreamSnapshotImagesRequest;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.api.grpc.ClientStreamContext;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The calls the training service makes to the dataset service, with deadlines. */
public final class DatasetClient {

    private static final String SERVICE = "dataset service";
    private final ManagedChannel channel;
    private final String target;
    private final Duration rpcDeadline;
    private final Duration connectTimeout;
    private final Duration streamDeadline;

    public DatasetClient(ManagedChannel channel, String target, Duration rpcDeadline, Duration streamDeadline,
                         Duration connectTimeout) {
        this.channel = channel;
        this.target = target;
        this.rpcDeadline = rpcDeadline;
        this.connectTimeout = connectTimeout;
        this.streamDeadline = streamDeadline;
    }

    private DatasetServiceGrpc.DatasetServiceBlockingStub stub(Duration deadline) {
        DependencyCalls.awaitReady(channel, connectTimeout);
        return DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Freezes the dataset's current content. */
    public Snapshot createSnapshot(String datasetId, String description) {
        try {
            return stub(rpcDeadline).createSnapshot(CreateSnapshotRequest.newBuilder().setDatasetId(datasetId)
                    .setDescription(description).build());
        } catch (StatusRuntimeException e) {
            throw DependencyCalls.translate(SERVICE, target, channel, e);
        }
    }

    public Snapshot getSnapshot(String snapshotId) {
        try {
            return stub(rpcDeadline).getSnapshot(GetSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build());
        } catch (StatusRuntimeException e) {
            throw DependencyCalls.translate(SERVICE, target, channel, e);
        }
    }

    /**
     * Streams the snapshot's members with their bytes and masks. The stream is abandoned (cancelled on
     * the wire) when the job is cancelled.
     */
    public void streamImages(String snapshotId, CancellationToken cancellation, Consumer<ImageRecord> consumer) {
        try (ClientStreamContext call = ClientStreamContext.open()) {
            call.run(() -> {
                Iterator<ImageRecord> records = stub(streamDeadline).streamSnapshotImages(StreamSnapshotImagesRequest
                        .newBuilder().setSnapshotId(snapshotId).setIncludeBytes(true).setIncludeMasks(true).build());
                while (records.hasNext()) {
                    cancellation.throwIfCancelled();
                    consumer.accept(records.next());
                }
            });
        } catch (StatusRuntimeException e) {
            throw DependencyCalls.translate(SERVICE, target, channel, e);
        }
    }
}
