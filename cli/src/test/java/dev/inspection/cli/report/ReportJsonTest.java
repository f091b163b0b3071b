package dev.inspection.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inspection.core.metrics.MetricSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    @TempDir
    Path dir;

    private JsonNode writeAndParse(ReportInput input) throws IOException {
        ReportWriter.ReportFiles files = new ReportWriter().write(input, dir);
        return new ObjectMapper().readTree(files.json().toFile());
    }

    @Test
    void writesExactlyTheHtmlAndJsonFiles() throws IOException {
        new ReportWriter().write(ReportFixtures.input(), dir);
        new ReportWriter().write(ReportFixtures.input(), dir); // replacing an earlier report

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("report.html", "report.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void headlineMetricsMatchTheEvaluation() throws IOException {
        ReportInput input = ReportFixtures.input();
        MetricSet overall = input.evaluation().overall();

        JsonNode json = writeAndParse(input);
        JsonNode metrics = json.get("metrics");

        assertEquals(1, json.get("schema_version").asInt());
        assertEquals(overall.imageAuroc(), metrics.get("image_auroc").asDouble(), 0);
        assertEquals(overall.pixelAuroc(), metrics.get("pixel_auroc").asDouble(), 0);
        assertEquals(overall.pro(), metrics.get("pro").asDouble(), 0);
        assertEquals(overall.imageF1().f1(), metrics.get("image_f1_max").asDouble(), 0);
        assertEquals(overall.imageF1().threshold(), metrics.get("image_f1_threshold").asDouble(), 0);
        assertEquals(overall.pixelF1().f1(), metrics.get("pixel_f1_max").asDouble(), 0);
        assertEquals(ReportFixtures.THRESHOLD, metrics.get("threshold").asDouble(), 0);
        assertEquals(20, metrics.get("images").asInt());
        assertEquals(12, metrics.get("anomalous_images").asInt());
        // One planted false positive and one false negative.
        assertEquals(11, metrics.get("true_positives").asInt());
        assertEquals(1, metrics.get("false_positives").asInt());
        assertEquals(7, metrics.get("true_negatives").asInt());
        assertEquals(1, metrics.get("false_negatives").asInt());
        assertEquals(18.0 / 20, metrics.get("accuracy").asDouble(), 1e-12);
        assertEquals(input.evaluation().imageAccuracyAtThreshold(), metrics.get("accuracy").asDouble(), 1e-12);
        assertTrue(overall.imageAuroc() > 0.9 && overall.imageAuroc() < 1, "fixture AUROC " + overall.imageAuroc());
    }

    @Test
    void perDefectTypeModelDatasetAndTimings() throws IOException {
        ReportInput input = ReportFixtures.input();

        JsonNode json = writeAndParse(input);

        JsonNode perType = json.get("per_defect_type");
        assertEquals(List.of("broken_large", "contamination"), fieldNames(perType));
        MetricSet broken = input.evaluation().perDefectType().get("broken_large");
        JsonNode brokenJson = perType.get("broken_large");
        assertEquals(broken.imageAuroc(), brokenJson.get("image_auroc").asDouble(), 0);
        assertEquals(broken.pro(), brokenJson.get("pro").asDouble(), 0);
        assertEquals(14, brokenJson.get("images").asInt()); // 6 broken_large + all 8 normals
        assertEquals(1, brokenJson.get("false_negatives").asInt()); // a000 is broken_large
        assertEquals(0, perType.get("contamination").get("false_negatives").asInt());
        assertEquals(1, perType.get("contamination").get("false_positives").asInt());

        assertEquals("mvtec-bottle", json.at("/dataset/name").asText());
        assertEquals("bottle", json.at("/dataset/category").asText());
        assertEquals("snap-0007", json.at("/dataset/snapshot_id").asText());
        assertTrue(json.at("/dataset/excluded_known_anomalies").isArray());
        assertEquals(0, json.at("/dataset/excluded_known_anomalies").size(), "SimpleNet evaluates the whole test split");
        assertEquals("3", json.at("/model/version").asText());
        assertEquals("simplenet", json.at("/model/method").asText());
        assertEquals("ab12", json.at("/model/manifest/backbone/sha256").asText());
        assertEquals(List.of("backbone", "seed"), fieldNames(json.at("/model/key_fields")));
        assertEquals(41.5, json.at("/timings/feature_extraction_images_per_second").asDouble(), 0);
        assertEquals(312.0, json.at("/timings/training_seconds").asDouble(), 0);
        assertEquals(55.25, json.at("/timings/scoring_images_per_second").asDouble(), 0);
        assertTrue(json.at("/timings/total_wall_seconds").isNull(), "unmeasured time is null");
        assertEquals("2026-11-29T07:30:00Z", json.get("created_at").asText());
    }

    @Test
    void imagesAreListedInGalleryOrderWithoutImageBytes() throws IOException {
        ReportInput input = ReportFixtures.input();

        JsonNode json = writeAndParse(input);
        JsonNode images = json.get("images");

        assertEquals(20, images.size());
        JsonNode first = images.get(0);
        assertEquals("n000", first.get("image_id").asText());
        assertEquals("FP", first.get("verdict").asText());
        assertEquals("normal", first.get("label").asText());
        assertEquals("anomalous", first.get("predicted_label").asText());
        assertEquals("good/n000.png", first.get("source_name").asText());
        assertEquals(1.9, first.get("raw_score").asDouble(), 0);
        assertEquals("a000", images.get(1).get("image_id").asText());
        assertEquals("FN", images.get(1).get("verdict").asText());
        assertEquals("broken_large", images.get(1).get("defect_type").asText());
        assertEquals(List.of("image_id", "source_name", "split", "label", "defect_type", "raw_score",
                "normalised_score", "predicted_label", "verdict", "in_gallery"), fieldNames(first));
        assertTrue(first.get("in_gallery").asBoolean());
        assertEquals(20, json.at("/gallery/total").asInt());
        assertEquals(20, json.at("/gallery/shown").asInt());
        String text = Files.readString(dir.resolve("report.json"), StandardCharsets.UTF_8);
        assertFalse(text.contains("base64"), "no image bytes in the JSON");
        assertTrue(text.length() < 20_000, "JSON size " + text.length());
    }

    @Test
    void undefinedPixelMetricsAreNull() throws IOException {
        // Anomalous images without masks are left out of the pixel metrics; normals alone give no AUROC.
        ReportInput withMasks = ReportFixtures.input();
        List<ReportImage> images = new ArrayList<>();
        List<dev.inspection.core.metrics.ImageResult> results = new ArrayList<>();
        for (ReportImage image : withMasks.images()) {
            images.add(image);
            results.add(new dev.inspection.core.metrics.ImageResult(image.rawScore(), image.anomalous(),
                    image.defectType(), null, null));
        }
        ReportInput input = new ReportInput(withMasks.title(), withMasks.createdAt(), withMasks.dataset(),
                withMasks.model(), new dev.inspection.core.metrics.Evaluator(8, 8).evaluate(results, 1.5),
                withMasks.decisionThreshold(), images, withMasks.timings());

        JsonNode metrics = writeAndParse(input).get("metrics");

        assertTrue(metrics.get("pixel_auroc").isNull());
        assertTrue(metrics.get("pro").isNull());
        assertTrue(metrics.get("pixel_f1_max").isNull());
        assertTrue(metrics.get("image_auroc").isNumber());
    }

    @Test
    void oneClassTestSetsStillGiveAReportWithUndefinedAuroc() throws IOException {
        JsonNode normalsOnly = writeAndParse(ReportFixtures.input(ReportFixtures.specs(5, 0, 1), 2));
        assertTrue(normalsOnly.at("/metrics/image_auroc").isNull());
        assertEquals(0, normalsOnly.get("per_defect_type").size());
        assertEquals(1, normalsOnly.at("/metrics/false_positives").asInt());

        JsonNode anomaliesOnly = writeAndParse(ReportFixtures.input(ReportFixtures.specs(0, 4, 1), 2));
        assertTrue(anomaliesOnly.at("/metrics/image_auroc").isNull());
        assertEquals(1, anomaliesOnly.at("/metrics/false_negatives").asInt());
        assertEquals(List.of("broken_large", "contamination"), fieldNames(anomaliesOnly.get("per_defect_type")));
    }

    @Test
    void invalidManifestIsRejectedWithAClearMessage() {
        ReportInput good = ReportFixtures.input();
        ReportModel badModel = new ReportModel("m", "1", "bgad", "{not json", java.util.Map.of());
        ReportInput input = new ReportInput(good.title(), good.createdAt(), good.dataset(), badModel,
                good.evaluation(), good.decisionThreshold(), good.images(), good.timings());

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ReportWriter().write(input, dir));
        assertTrue(e.getMessage().contains("manifest"), e.getMessage());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
