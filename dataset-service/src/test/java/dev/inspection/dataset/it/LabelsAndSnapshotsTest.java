package dev.inspection.dataset.it;

import static dev.inspection.dataset.it.GrpcClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.inspection.api.dataset.v1.CreateSnapshotRequest;
import dev.inspection.api.dataset.v1.DeleteDatasetRequest;
import dev.inspection.api.dataset.v1.GetDatasetRequest;
import dev.inspection.api.dataset.v1.GetImageRequest;
import dev.inspection.api.dataset.v1.GetLabelHistoryRequest;
import dev.inspection.api.dataset.v1.GetSnapshotRequest;
import dev.inspection.api.dataset.v1.GetStatisticsRequest;
import dev.inspection.api.dataset.v1.ListImagesRequest;
import dev.inspection.api.dataset.v1.StreamImagesRequest;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.LabelHistoryEntry;
import dev.inspection.api.dataset.v1.SetLabelRequest;
import dev.inspection.api.dataset.v1.SetMaskRequest;
import dev.inspection.api.dataset.v1.SetSplitRequest;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.dataset.v1.StreamSnapshotImagesRequest;
import dev.inspection.dataset.SharedData;
import dev.inspection.dataset.domain.Sha256;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Label edits (optimistic and concurrent), history, masks, splits, snapshots, deletion, unknown ids. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelsAndSnapshotsTest {
    @TestHTTPResource("/")
    URL url;

    private GrpcClient client;
    private Path work;

    @BeforeAll
    void connect() throws IOException {
        client = new GrpcClient(url);
        work = Files.createDirectories(EmbeddedPostgresResource.TEST_IMPORT_ROOT.resolve("labels-" + UUID.randomUUID()));
    }

    @AfterAll
    void cleanUp() throws Exception {
        client.close();
        TestFolders.deleteRecursively(work);
    }

    @Test
    void concurrentLabelEditsLoseNoWrite() throws Exception {
        String datasetId = importSmall();
        String imageId = imageId("train/good/000.png");
        int threads = 6;
        int editsPerThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String editor = "editor-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < editsPerThread; i++) {
                        boolean anomalous = i % 2 == 0;
                        client.blocking.setLabel(SetLabelRequest.newBuilder().setDatasetId(datasetId).setImageId(imageId)
                                .setLabel(anomalous ? Label.ANOMALOUS : Label.NORMAL)
                                .setDefectType(anomalous ? "scratch" : "").setLabelledBy(editor).build());
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int edits = threads * editsPerThread;
        List<LabelHistoryEntry> history = client.blocking.getLabelHistory(GetLabelHistoryRequest.newBuilder()
                .setDatasetId(datasetId).setImageId(imageId).build()).getEntriesList();
        assertEquals(edits + 1, history.size(), "the import's label plus every edit");
        for (int i = 0; i < history.size(); i++) {
            assertEquals(edits + 1 - i, history.get(i).getRevision(), "newest first, no gaps");
        }
        assertTrue(history.get(edits).getLabelledBy().startsWith("import:"));
        ImageRecord current = get(datasetId, imageId);
        assertEquals(edits + 1, current.getLabelRevision());
        assertEquals(history.get(0).getLabel(), current.getLabel());
    }

    @Test
    void aStaleExpectedRevisionIsAborted() throws IOException {
        String datasetId = importSmall();
        String imageId = imageId("test/good/000.png");
        ImageRecord edited = client.blocking.setLabel(SetLabelRequest.newBuilder().setDatasetId(datasetId)
                .setImageId(imageId).setLabel(Label.ANOMALOUS).setDefectType("contamination")
                .setLabelledBy("alice").setExpectedRevision(1).build());
        assertEquals(2, edited.getLabelRevision());
        assertEquals("alice", edited.getLabelledBy());
        assertStatus(Status.Code.ABORTED, "stale", () -> client.blocking.setLabel(SetLabelRequest.newBuilder()
                .setDatasetId(datasetId).setImageId(imageId).setLabel(Label.NORMAL).setExpectedRevision(1).build()));
        assertEquals(2, get(datasetId, imageId).getLabelRevision());
        assertStatus(Status.Code.INVALID_ARGUMENT, "defect_type", () -> client.blocking.setLabel(SetLabelRequest
                .newBuilder().setDatasetId(datasetId).setImageId(imageId).setLabel(Label.ANOMALOUS).build()));
    }

    @Test
    void snapshotsStayFrozenAfterLaterEdits() throws IOException {
        String datasetId = importSmall();
        String imageId = imageId("train/good/001.png");
        Snapshot first = client.blocking.createSnapshot(CreateSnapshotRequest.newBuilder().setDatasetId(datasetId)
                .setDescription("before edits").build());
        Snapshot same = client.blocking.createSnapshot(CreateSnapshotRequest.newBuilder().setDatasetId(datasetId).build());
        assertEquals(first.getContentDigest(), same.getContentDigest(), "same content, same digest");
        assertNotEquals(first.getId(), same.getId());
        assertEquals(4, first.getStatistics().getImages());

        client.blocking.setLabel(SetLabelRequest.newBuilder().setDatasetId(datasetId).setImageId(imageId)
                .setLabel(Label.ANOMALOUS).setDefectType("dent").build());
        client.blocking.setSplit(SetSplitRequest.newBuilder().setDatasetId(datasetId).setImageId(imageId)
                .setSplit(Split.TEST).build());

        Snapshot reread = client.blocking.getSnapshot(GetSnapshotRequest.newBuilder().setSnapshotId(first.getId()).build());
        assertEquals(first, reread);
        List<ImageRecord> frozen = new ArrayList<>();
        client.blocking.streamSnapshotImages(StreamSnapshotImagesRequest.newBuilder().setSnapshotId(first.getId())
                .setIncludeBytes(true).build()).forEachRemaining(frozen::add);
        assertEquals(4, frozen.size());
        ImageRecord member = frozen.stream().filter(r -> r.getImageId().equals(imageId)).findFirst().orElseThrow();
        assertEquals(Label.NORMAL, member.getLabel());
        assertEquals(Split.TRAIN, member.getSplit());
        assertEquals(imageId, Sha256.hex(member.getImageBytes().toByteArray()));

        Snapshot after = client.blocking.createSnapshot(CreateSnapshotRequest.newBuilder().setDatasetId(datasetId).build());
        assertNotEquals(first.getContentDigest(), after.getContentDigest());

        assertStatus(Status.Code.FAILED_PRECONDITION, "snapshot", () -> client.blocking.deleteDataset(
                DeleteDatasetRequest.newBuilder().setDatasetId(datasetId).build()));
        assertEquals(4, client.blocking.deleteDataset(DeleteDatasetRequest.newBuilder().setDatasetId(datasetId)
                .setForce(true).build()).getImagesRemoved());
        assertStatus(Status.Code.NOT_FOUND, first.getId(), () -> client.blocking.getSnapshot(
                GetSnapshotRequest.newBuilder().setSnapshotId(first.getId()).build()));
    }

    @Test
    void masksAreSetCheckedAndCleared() throws IOException {
        String datasetId = importSmall();
        String imageId = imageId("test/good/000.png");
        assertStatus(Status.Code.INVALID_ARGUMENT, "mask is 10x10", () -> client.blocking.setMask(SetMaskRequest
                .newBuilder().setDatasetId(datasetId).setImageId(imageId).setMaskPng(grayPng(10, 10)).build()));
        ImageRecord masked = client.blocking.setMask(SetMaskRequest.newBuilder().setDatasetId(datasetId)
                .setImageId(imageId).setMaskPng(grayPng(448, 448)).build());
        assertTrue(masked.getHasMask());
        assertEquals(448, get(datasetId, imageId).getMask().getHeight());
        ImageRecord cleared = client.blocking.setMask(SetMaskRequest.newBuilder().setDatasetId(datasetId)
                .setImageId(imageId).build());
        assertFalse(cleared.getHasMask());
    }

    @Test
    void unknownIdsAreNotFoundAndMalformedOnesInvalid() throws IOException {
        String datasetId = importSmall();
        String unknown = UUID.randomUUID().toString();
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.getDataset(
                GetDatasetRequest.newBuilder().setDatasetId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.getSnapshot(
                GetSnapshotRequest.newBuilder().setSnapshotId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.deleteDataset(
                DeleteDatasetRequest.newBuilder().setDatasetId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, "0".repeat(64), () -> get(datasetId, "0".repeat(64)));
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.listImages(
                ListImagesRequest.newBuilder().setDatasetId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.streamImages(
                StreamImagesRequest.newBuilder().setDatasetId(unknown).build()).hasNext());
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.streamSnapshotImages(
                StreamSnapshotImagesRequest.newBuilder().setSnapshotId(unknown).build()).hasNext());
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.getStatistics(
                GetStatisticsRequest.newBuilder().setDatasetId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.createSnapshot(
                CreateSnapshotRequest.newBuilder().setDatasetId(unknown).build()));
        assertStatus(Status.Code.NOT_FOUND, unknown, () -> client.blocking.setLabel(SetLabelRequest.newBuilder()
                .setDatasetId(unknown).setImageId("0".repeat(64)).setLabel(Label.NORMAL).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "dataset_id", () -> client.blocking.getDataset(
                GetDatasetRequest.newBuilder().setDatasetId("not-a-uuid").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "image_id", () -> get(datasetId, "xyz"));
    }

    private ImageRecord get(String datasetId, String imageId) {
        return client.blocking.getImage(GetImageRequest.newBuilder().setDatasetId(datasetId).setImageId(imageId).build());
    }

    private String importSmall() throws IOException {
        var events = client.importFolder("labels-" + UUID.randomUUID(), TestFolders.smallBottle(work).toString(), true, 0);
        return events.get(events.size() - 1).getSummary().getDatasetId();
    }

    private static String imageId(String relative) throws IOException {
        return Sha256.hex(Files.readAllBytes(SharedData.bottle().resolve(relative)));
    }

    private static ByteString grayPng(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return ByteString.copyFrom(out.toByteArray());
    }
}
