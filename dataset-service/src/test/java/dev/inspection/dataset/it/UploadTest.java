package dev.inspection.dataset.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.RawImage;
import dev.inspection.api.common.v1.RawPixelFormat;
import dev.inspection.api.dataset.v1.CreateDatasetRequest;
import dev.inspection.api.dataset.v1.GetStatisticsRequest;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.dataset.v1.UploadHeader;
import dev.inspection.api.dataset.v1.UploadImagesRequest;
import dev.inspection.api.dataset.v1.UploadImagesResponse;
import dev.inspection.api.dataset.v1.UploadItem;
import dev.inspection.dataset.SharedData;
import dev.inspection.dataset.domain.Sha256;
import dev.inspection.api.dataset.v1.DeleteDatasetRequest;
import io.grpc.Status;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Client-streaming uploads: all-or-nothing, limits, raw buffers, deduplication. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadTest {
    @TestHTTPResource("/")
    URL url;

    @Inject
    DataSource dataSource;

    private GrpcClient client;

    @BeforeAll
    void connect() {
        client = new GrpcClient(url);
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void uploadsEncodedAndRawImagesAndDeduplicates() throws Exception {
        String datasetId = newDataset();
        byte[] good = bottle("train/good/010.png");
        byte[] broken = bottle("test/broken_small/000.png");
        byte[] mask = bottle("ground_truth/broken_small/000_mask.png");
        byte[] gray = new byte[6 * 4];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) (i * 10);
        }
        UploadImagesResponse response = upload(datasetId, List.of(
                item(Image.newBuilder().setEncoded(ByteString.copyFrom(good)).setName("good.png").build(), Split.TRAIN,
                        Label.NORMAL, "", null),
                item(Image.newBuilder().setEncoded(ByteString.copyFrom(broken)).build(), Split.TEST, Label.ANOMALOUS,
                        "broken_small", mask),
                item(Image.newBuilder().setRaw(RawImage.newBuilder().setFormat(RawPixelFormat.GRAY8).setWidth(6)
                        .setHeight(4).setPixels(ByteString.copyFrom(gray))).build(), Split.VALIDATION, Label.NORMAL, "good", null),
                item(Image.newBuilder().setEncoded(ByteString.copyFrom(good)).build(), Split.TRAIN, Label.NORMAL, "", null)));
        assertEquals(3, response.getImagesAdded());
        assertEquals(1, response.getImagesUnchanged());
        List<ImageRecord> records = response.getImagesList();
        assertEquals(4, records.size());
        assertEquals(Sha256.hex(good), records.get(0).getImageId());
        assertEquals("good.png", records.get(0).getSourceName());
        assertTrue(records.get(1).getHasMask());
        assertEquals(6, records.get(2).getInfo().getWidth());
        assertEquals(1, records.get(2).getInfo().getChannels());
        assertEquals(records.get(0), records.get(3));
        assertEquals(3, statistics(datasetId));
    }

    @Test
    void anOversizedImageFailsTheWholeUploadAndWritesNothing() throws Exception {
        String datasetId = newDataset();
        byte[] good = bottle("train/good/011.png");
        byte[] huge = new byte[5 << 20]; // over the test profile's 4 MiB per-image limit
        huge[0] = (byte) 0x89;
        StatusRuntimeException e = uploadFailure(datasetId, List.of(
                item(Image.newBuilder().setEncoded(ByteString.copyFrom(good)).build(), Split.TRAIN, Label.NORMAL, "", null),
                item(Image.newBuilder().setEncoded(ByteString.copyFrom(huge)).setName("huge.png").build(), Split.TRAIN,
                        Label.NORMAL, "", null)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains("images[1] 'huge.png'"), e.getStatus().getDescription());
        assertEquals(0, statistics(datasetId));
    }

    @Test
    void aCorruptImageOrAMissingHeaderIsInvalid() throws Exception {
        String datasetId = newDataset();
        byte[] good = bottle("train/good/012.png");
        StatusRuntimeException corrupt = uploadFailure(datasetId, List.of(
                item(Image.newBuilder().setEncoded(ByteString.copyFrom(good, 0, good.length - 100)).setName("cut.png").build(),
                        Split.TRAIN, Label.NORMAL, "", null)));
        assertEquals(Status.Code.INVALID_ARGUMENT, corrupt.getStatus().getCode());
        assertTrue(corrupt.getStatus().getDescription().contains("cut.png"));

        CompletableFuture<UploadImagesResponse> result = new CompletableFuture<>();
        StreamObserver<UploadImagesRequest> requests = client.async.uploadImages(observer(result));
        requests.onNext(UploadImagesRequest.newBuilder().setImage(item(Image.newBuilder()
                .setEncoded(ByteString.copyFrom(good)).build(), Split.TRAIN, Label.NORMAL, "", null)).build());
        requests.onCompleted();
        StatusRuntimeException noHeader = failure(result);
        assertEquals(Status.Code.INVALID_ARGUMENT, noHeader.getStatus().getCode());
        assertTrue(noHeader.getStatus().getDescription().contains("header"));
        assertEquals(0, statistics(datasetId));
    }

    @Test
    void deletingADatasetRemovesBlobsNothingElseUses() throws Exception {
        String datasetId = newDataset();
        byte[] pixels = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII); // 36 bytes
        UploadImagesResponse response = upload(datasetId, List.of(item(Image.newBuilder().setRaw(RawImage.newBuilder()
                .setFormat(RawPixelFormat.RGB8).setWidth(4).setHeight(3).setPixels(ByteString.copyFrom(pixels))).build(),
                Split.TRAIN, Label.NORMAL, "", null)));
        String imageId = response.getImages(0).getImageId();
        assertEquals(1, blobCount(imageId));
        assertEquals(1, client.blocking.deleteDataset(DeleteDatasetRequest.newBuilder().setDatasetId(datasetId).build())
                .getImagesRemoved());
        assertEquals(0, blobCount(imageId));
    }

    private long blobCount(String imageId) throws Exception {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM image_blob WHERE sha256 = ?")) {
            statement.setString(1, imageId);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private UploadImagesResponse upload(String datasetId, List<UploadItem> items) throws Exception {
        CompletableFuture<UploadImagesResponse> result = send(datasetId, items);
        return result.get(60, TimeUnit.SECONDS);
    }

    private StatusRuntimeException uploadFailure(String datasetId, List<UploadItem> items) throws Exception {
        return failure(send(datasetId, items));
    }

    private CompletableFuture<UploadImagesResponse> send(String datasetId, List<UploadItem> items) {
        CompletableFuture<UploadImagesResponse> result = new CompletableFuture<>();
        StreamObserver<UploadImagesRequest> requests = client.async.uploadImages(observer(result));
        requests.onNext(UploadImagesRequest.newBuilder().setHeader(UploadHeader.newBuilder().setDatasetId(datasetId)).build());
        for (UploadItem item : items) {
            requests.onNext(UploadImagesRequest.newBuilder().setImage(item).build());
        }
        requests.onCompleted();
        return result;
    }

    private static StatusRuntimeException failure(CompletableFuture<UploadImagesResponse> result) throws Exception {
        try {
            UploadImagesResponse unexpected = result.get(60, TimeUnit.SECONDS);
            throw new AssertionError("upload should have failed but returned " + unexpected);
        } catch (ExecutionException e) {
            return (StatusRuntimeException) e.getCause();
        }
    }

    private static StreamObserver<UploadImagesResponse> observer(CompletableFuture<UploadImagesResponse> result) {
        return new StreamObserver<>() {
            private UploadImagesResponse response;

            @Override
            public void onNext(UploadImagesResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(response);
            }
        };
    }

    private static UploadItem item(Image image, Split split, Label label, String defectType, byte[] mask) {
        UploadItem.Builder item = UploadItem.newBuilder().setImage(image).setSplit(split).setLabel(label)
                .setDefectType(defectType).setLabelledBy("uploader");
        if (mask != null) {
            item.setMaskPng(ByteString.copyFrom(mask));
        }
        return item.build();
    }

    private String newDataset() {
        return client.blocking.createDataset(CreateDatasetRequest.newBuilder().setName("upload-" + UUID.randomUUID())
                .build()).getId();
    }

    private long statistics(String datasetId) {
        return client.blocking.getStatistics(GetStatisticsRequest.newBuilder().setDatasetId(datasetId).build()).getImages();
    }

    private static byte[] bottle(String relative) throws IOException {
        return Files.readAllBytes(SharedData.bottle().resolve(relative));
    }
}
