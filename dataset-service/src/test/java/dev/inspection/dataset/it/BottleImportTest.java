package dev.inspection.dataset.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.common.v1.ImageFormat;
import dev.inspection.api.common.v1.PageRequest;
import dev.inspection.api.dataset.v1.GetImageRequest;
import dev.inspection.api.dataset.v1.GetStatisticsRequest;
import dev.inspection.api.dataset.v1.ImageFilter;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.ImportProgress;
import dev.inspection.api.dataset.v1.ImportSummary;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.ListImagesRequest;
import dev.inspection.api.dataset.v1.ListImagesResponse;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.dataset.v1.StreamImagesRequest;
import dev.inspection.dataset.SharedData;
import dev.inspection.dataset.domain.Sha256;
import io.grpc.Context;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Imports MVTec bottle once and checks counts, re-import, paging, streaming and the REST view. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BottleImportTest {
    private static final Map<String, String> BOTTLE_TABLE = Map.of(
            "TRAIN/good", "209/0",
            "TEST/broken_large", "20/20",
            "TEST/broken_small", "22/22",
            "TEST/contamination", "21/21",
            "TEST/good", "20/0");

    @TestHTTPResource("/")
    URL url;

    private GrpcClient client;
    private List<ImportProgress> events;
    private String datasetId;

    @BeforeAll
    void importBottle() {
        client = new GrpcClient(url);
        events = client.importFolder("bottle-it", SharedData.bottle().toString(), true, 0);
        datasetId = events.get(events.size() - 1).getSummary().getDatasetId();
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void importsTheReadmeCountsPerSplitAndDefectType() {
        ImportSummary summary = events.get(events.size() - 1).getSummary();
        assertEquals(292, summary.getImagesAdded());
        assertEquals(0, summary.getImagesUnchanged());
        assertEquals(63, summary.getMasksAdded());
        assertEquals(292, summary.getStatistics().getImages());
        assertEquals(63, summary.getStatistics().getMasks());
        assertEquals(BOTTLE_TABLE, Statistics.table(summary.getStatistics()));
        assertEquals(BOTTLE_TABLE, Statistics.table(client.blocking.getStatistics(
                GetStatisticsRequest.newBuilder().setDatasetId(datasetId).build())));
    }

    @Test
    void streamsOneProgressEventPerValidatedFile() {
        List<ImportProgress> validation = events.stream().filter(e -> !e.getDone() && e.getTotal() == 292).toList();
        assertTrue(validation.size() >= 292, "validation events: " + validation.size());
        for (int i = 0; i < 292; i++) {
            assertEquals(i + 1, validation.get(i).getProcessed());
        }
        assertEquals("test/broken_large/000.png", validation.get(0).getCurrentFile());
    }

    @Test
    void reimportingTheSameFolderChangesNothing() {
        List<ImportProgress> again = client.importFolder("bottle-it", SharedData.bottle().toString(), false, 0);
        ImportSummary summary = again.get(again.size() - 1).getSummary();
        assertEquals(datasetId, summary.getDatasetId());
        assertEquals(0, summary.getImagesAdded());
        assertEquals(292, summary.getImagesUnchanged());
        assertEquals(0, summary.getMasksAdded());
        assertEquals(BOTTLE_TABLE, Statistics.table(summary.getStatistics()));
    }

    @Test
    void validationFractionCarvesTrainGoodDeterministically() {
        ImportSummary first = last(client.importFolder("bottle-carved-a", SharedData.bottle().toString(), true, 0.25));
        ImportSummary second = last(client.importFolder("bottle-carved-b", SharedData.bottle().toString(), true, 0.25));
        Map<String, String> table = Statistics.table(first.getStatistics());
        assertEquals(table, Statistics.table(second.getStatistics()));
        int train = Integer.parseInt(table.get("TRAIN/good").split("/")[0]);
        int validation = Integer.parseInt(table.get("VALIDATION/good").split("/")[0]);
        assertEquals(209, train + validation);
        assertTrue(validation > 25 && validation < 80, "about a quarter carved, got " + validation);
        // blobs are shared: importing the same files into another dataset stores no new bytes
        assertEquals(292, first.getImagesAdded());
    }

    @Test
    void pagesThroughAllImagesWithoutRepeats() {
        Set<String> seen = new HashSet<>();
        String token = "";
        int pages = 0;
        do {
            ListImagesResponse page = client.blocking.listImages(ListImagesRequest.newBuilder().setDatasetId(datasetId)
                    .setPage(PageRequest.newBuilder().setPageSize(100).setPageToken(token)).build());
            assertEquals(292, page.getPage().getTotalSize());
            for (ImageRecord record : page.getImagesList()) {
                assertTrue(seen.add(record.getImageId()), "repeated " + record.getImageId());
                assertTrue(record.getImageBytes().isEmpty(), "listing carries no pixels");
            }
            token = page.getPage().getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertEquals(3, pages);
        assertEquals(292, seen.size());
    }

    @Test
    void streamsFilteredImagesWithBytesAndMasks() throws IOException {
        List<ImageRecord> records = new ArrayList<>();
        client.blocking.streamImages(StreamImagesRequest.newBuilder().setDatasetId(datasetId)
                        .setFilter(ImageFilter.newBuilder().setSplit(Split.TEST).setLabel(Label.ANOMALOUS))
                        .setIncludeBytes(true).setIncludeMasks(true).build())
                .forEachRemaining(records::add);
        assertEquals(63, records.size());
        for (ImageRecord record : records) {
            assertEquals(record.getImageId(), Sha256.hex(record.getImageBytes().toByteArray()));
            assertTrue(record.getHasMask());
            assertEquals(448, record.getMask().getWidth());
            assertEquals(ImageFormat.PNG, record.getInfo().getFormat());
            assertEquals(3, record.getInfo().getChannels());
        }
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(records.get(0).getMask().getPng().toByteArray()));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, mask.getType());
    }

    @Test
    void aCancelledStreamEndsAndTheServiceKeepsServing() {
        int[] received = {0};
        Context.CancellableContext context = Context.current().withCancellation();
        context.run(() -> {
            Iterator<ImageRecord> records = client.blocking.streamImages(StreamImagesRequest.newBuilder()
                    .setDatasetId(datasetId).setIncludeBytes(true).build());
            while (records.hasNext()) {
                records.next();
                if (++received[0] == 5) {
                    context.cancel(null);
                    break;
                }
            }
        });
        assertEquals(5, received[0]);
        assertEquals(292, client.blocking.getStatistics(GetStatisticsRequest.newBuilder().setDatasetId(datasetId).build())
                .getImages());
    }

    @Test
    void getImageReturnsTheFileBytesAndTheRestViewServesThem() throws IOException {
        byte[] file = Files.readAllBytes(SharedData.bottle().resolve("test/broken_small/003.png"));
        byte[] mask = Files.readAllBytes(SharedData.bottle().resolve("ground_truth/broken_small/003_mask.png"));
        String imageId = Sha256.hex(file);
        ImageRecord record = client.blocking.getImage(GetImageRequest.newBuilder()
                .setDatasetId(datasetId).setImageId(imageId).build());
        assertEquals("test/broken_small/003.png", record.getSourceName());
        assertEquals("broken_small", record.getDefectType());
        assertTrue(java.util.Arrays.equals(file, record.getImageBytes().toByteArray()));
        assertTrue(java.util.Arrays.equals(mask, record.getMask().getPng().toByteArray()));

        byte[] served = given().when().get("/api/v1/datasets/" + datasetId + "/images/" + imageId)
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertTrue(java.util.Arrays.equals(file, served));
        byte[] servedMask = given().when().get("/api/v1/datasets/" + datasetId + "/images/" + imageId + "/mask")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertTrue(java.util.Arrays.equals(mask, servedMask));
        given().when().get("/api/v1/datasets/" + datasetId + "/stats")
                .then().statusCode(200).body("images", equalTo(292)).body("masks", equalTo(63));
    }

    private static ImportSummary last(List<ImportProgress> events) {
        return events.get(events.size() - 1).getSummary();
    }
}
