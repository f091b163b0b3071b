package dev.inspection.dataset.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.inspection.api.dataset.v1.ImportProgress;
import dev.inspection.api.dataset.v1.ImportSummary;
import dev.inspection.dataset.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The large import: 1344 grayscale JPEGs of many sizes with 392 masks, then a no-op re-import. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class MagneticTileImportTest {
    private static final Map<String, String> TABLE = Map.of(
            "TRAIN/good", "761/0",
            "TEST/blowhole", "115/115",
            "TEST/break", "85/85",
            "TEST/crack", "57/57",
            "TEST/fray", "32/32",
            "TEST/good", "191/0",
            "TEST/uneven", "103/103");

    @TestHTTPResource("/")
    URL url;

    @Test
    void importsTheReadmeCountsAndReimportsNothing() throws Exception {
        try (GrpcClient client = new GrpcClient(url)) {
            ImportSummary first = last(client.importFolder("magnetic-tile-it", SharedData.magneticTile().toString(), true, 0));
            assertEquals(1344, first.getImagesAdded());
            assertEquals(392, first.getMasksAdded());
            assertEquals(1344, first.getStatistics().getImages());
            assertEquals(392, first.getStatistics().getMasks());
            assertEquals(TABLE, Statistics.table(first.getStatistics()));

            ImportSummary again = last(client.importFolder("magnetic-tile-it", "magnetic_tile", false, 0));
            assertEquals(0, again.getImagesAdded());
            assertEquals(1344, again.getImagesUnchanged());
            assertEquals(TABLE, Statistics.table(again.getStatistics()));
        }
    }

    private static ImportSummary last(List<ImportProgress> events) {
        return events.get(events.size() - 1).getSummary();
    }
}
