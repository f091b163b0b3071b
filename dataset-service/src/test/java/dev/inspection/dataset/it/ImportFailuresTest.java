package dev.inspection.dataset.it;

import static dev.inspection.dataset.it.GrpcClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GetDatasetRequest;
import dev.inspection.api.dataset.v1.GetStatisticsRequest;
import dev.inspection.dataset.SharedData;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Imports that must fail with the documented status, naming the culprit, and write nothing. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportFailuresTest {
    @TestHTTPResource("/")
    URL url;

    @Inject
    DataSource dataSource;

    private GrpcClient client;
    private Path work;
    private Path outside;
    private String dataset;
    private String datasetId;

    @BeforeAll
    void importASmallFolder() throws IOException {
        client = new GrpcClient(url);
        work = Files.createDirectories(EmbeddedPostgresResource.TEST_IMPORT_ROOT.resolve("failures-" + UUID.randomUUID()));
        outside = Files.createTempDirectory("outside-import-roots");
        dataset = "small-" + UUID.randomUUID();
        var events = client.importFolder(dataset, TestFolders.smallBottle(work).toString(), true, 0);
        datasetId = events.get(events.size() - 1).getSummary().getDatasetId();
    }

    @AfterAll
    void cleanUp() throws Exception {
        client.close();
        TestFolders.deleteRecursively(work);
        TestFolders.deleteRecursively(outside);
    }

    @Test
    void aTruncatedPngFailsTheWholeImportAndWritesNothing() throws IOException {
        DatasetStatistics before = statistics();
        Path folder = TestFolders.smallBottle(work);
        TestFolders.copy("train/good/002.png", folder);
        TestFolders.copy("test/good/001.png", folder);
        Path corrupt = folder.resolve("train/good/002.png");
        byte[] bytes = Files.readAllBytes(corrupt);
        Files.write(corrupt, Arrays.copyOf(bytes, bytes.length / 2));

        assertStatus(Status.Code.INVALID_ARGUMENT, "train/good/002.png",
                () -> client.importFolder(dataset, folder.toString(), false, 0));
        assertEquals(before, statistics());

        String fresh = "never-created-" + UUID.randomUUID();
        assertStatus(Status.Code.INVALID_ARGUMENT, "train/good/002.png",
                () -> client.importFolder(fresh, folder.toString(), true, 0));
        assertStatus(Status.Code.NOT_FOUND, fresh,
                () -> client.blocking.getDataset(GetDatasetRequest.newBuilder().setName(fresh).build()));
    }

    @Test
    void aDatabaseFailureInTheMiddleOfTheWriteRollsEverythingBack() throws Exception {
        Path folder = TestFolders.smallBottle(work);
        for (String file : new String[] {"train/good/003.png", "train/good/004.png", "train/good/005.png"}) {
            TestFolders.copy(file, folder);
        }
        long blobsBefore = count("SELECT count(*) FROM image_blob");
        long membersBefore = count("SELECT count(*) FROM dataset_image");
        // fail the insert of one membership row, after the blobs and earlier rows went out
        execute("CREATE FUNCTION fail_on_004() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.source_name = 'train/good/004.png' THEN RAISE EXCEPTION 'injected failure'; END IF;"
                + " RETURN NEW; END; $$");
        execute("CREATE TRIGGER fail_on_004 BEFORE INSERT ON dataset_image FOR EACH ROW EXECUTE FUNCTION fail_on_004()");
        String fresh = "rolled-back-" + UUID.randomUUID();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> client.importFolder(fresh, folder.toString(), true, 0));
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode(), e.getStatus().toString());
        } finally {
            execute("DROP TRIGGER fail_on_004 ON dataset_image");
            execute("DROP FUNCTION fail_on_004()");
        }
        assertEquals(blobsBefore, count("SELECT count(*) FROM image_blob"), "no blob survives the rollback");
        assertEquals(membersBefore, count("SELECT count(*) FROM dataset_image"));
        assertStatus(Status.Code.NOT_FOUND, fresh,
                () -> client.blocking.getDataset(GetDatasetRequest.newBuilder().setName(fresh).build()));
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void aMaskOfTheWrongSizeIsNamed() throws IOException {
        Path folder = TestFolders.smallBottle(work);
        ImageIO.write(new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_GRAY), "png",
                folder.resolve("ground_truth/broken_large/000_mask.png").toFile());
        assertStatus(Status.Code.INVALID_ARGUMENT, "ground_truth/broken_large/000_mask.png: mask is 100x100",
                () -> client.importFolder(dataset, folder.toString(), false, 0));
        assertEquals(4, statistics().getImages());
    }

    @Test
    void pathsOutsideTheImportRootsAreDenied() throws IOException {
        TestFolders.smallBottle(outside);
        assertStatus(Status.Code.PERMISSION_DENIED, "outside the configured import roots",
                () -> client.importFolder(dataset, outside.toString(), false, 0));
        assertStatus(Status.Code.PERMISSION_DENIED, "outside the configured import roots",
                () -> client.importFolder(dataset, work + "/../../" + outside.getFileName(), false, 0));
        assertStatus(Status.Code.PERMISSION_DENIED, "outside the configured import roots",
                () -> client.importFolder(dataset, "../../../../../../etc", false, 0));
        Path link = Files.createSymbolicLink(work.resolve("link-" + UUID.randomUUID()), outside);
        assertStatus(Status.Code.PERMISSION_DENIED, "outside the configured import roots",
                () -> client.importFolder(dataset, link.toString(), false, 0));
    }

    @Test
    void missingFoldersAndDatasetsAreNotFound() {
        assertStatus(Status.Code.NOT_FOUND, "does not exist",
                () -> client.importFolder(dataset, work.resolve("no-such-folder").toString(), false, 0));
        assertStatus(Status.Code.NOT_FOUND, "create_if_missing",
                () -> client.importFolder("unknown-" + UUID.randomUUID(), SharedData.bottle().toString(), false, 0));
    }

    @Test
    void badRequestFieldsAreInvalidArguments() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "validation_fraction",
                () -> client.importFolder(dataset, SharedData.bottle().toString(), false, 1.5));
        assertStatus(Status.Code.INVALID_ARGUMENT, "dataset_name",
                () -> client.importFolder("bad name!", SharedData.bottle().toString(), true, 0));
    }

    private DatasetStatistics statistics() {
        return client.blocking.getStatistics(GetStatisticsRequest.newBuilder().setDatasetId(datasetId).build());
    }
}
