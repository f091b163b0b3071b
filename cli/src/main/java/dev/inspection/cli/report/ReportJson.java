package dev.inspection.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inspection.core.metrics.MetricSet;
import java.util.Map;

/**
 * Builds {@code report.json}. Field names are snake_case and stable (schema version
 * {@value #SCHEMA_VERSION}); metrics that are undefined (e.g. pixel metrics without masks) are
 * {@code null}. Layout:
 *
 * <pre>
 * schema_version, title, created_at (ISO-8601)
 * dataset   {name, category, snapshot_id, excluded_known_anomalies [source names]: labelled anomalies the
 *            model was trained on (BGAD), left out of every metric and image below}
 * model     {name, version, method, key_fields {..}, manifest {the manifest JSON}}
 * metrics   {images, anomalous_images, image_auroc, pixel_auroc, pro, image_f1_max, image_f1_threshold,
 *            pixel_f1_max, pixel_f1_threshold, threshold, accuracy,
 *            true_positives, false_positives, true_negatives, false_negatives}
 * per_defect_type {&lt;type&gt;: same fields as metrics, over that type's anomalies plus all normal images}
 * timings   {feature_extraction_images_per_second, training_seconds, scoring_images_per_second,
 *            total_wall_seconds}
 * images    [{image_id, source_name, split, label, defect_type, raw_score, normalised_score,
 *             predicted_label, verdict, in_gallery}] in gallery order (labels "normal" / "anomalous",
 *             verdict TP/FP/TN/FN, in_gallery whether the HTML shows its card)
 * gallery   {shown, total}
 * </pre>
 *
 * {@code threshold} is the raw image decision threshold applied to the verdicts; {@code image_f1_threshold}
 * is the raw threshold at which the image F1 is maximal.
 */
final class ReportJson {

    static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    static byte[] write(ReportInput input, ReportFacts facts) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("title", input.title());
        root.put("created_at", input.createdAt().toString());

        ObjectNode dataset = root.putObject("dataset");
        dataset.put("name", input.dataset().name());
        dataset.put("category", input.dataset().category());
        dataset.put("snapshot_id", input.dataset().snapshotId());
        ArrayNode excluded = dataset.putArray("excluded_known_anomalies");
        input.dataset().excludedKnownAnomalies().forEach(excluded::add);

        ObjectNode model = root.putObject("model");
        model.put("name", input.model().name());
        model.put("version", input.model().version());
        model.put("method", input.model().method());
        ObjectNode keyFields = model.putObject("key_fields");
        input.model().keyFields().forEach(keyFields::put);
        model.set("manifest", parseManifest(input.model().manifestJson()));

        metrics(root.putObject("metrics"), input.evaluation().overall(), input.decisionThreshold(), facts.overall());
        ObjectNode perType = root.putObject("per_defect_type");
        for (Map.Entry<String, MetricSet> entry : input.evaluation().perDefectType().entrySet()) {
            VerdictCounts counts = facts.perDefectType().get(entry.getKey());
            metrics(perType.putObject(entry.getKey()), entry.getValue(), input.decisionThreshold(), counts);
        }

        ObjectNode timings = root.putObject("timings");
        number(timings, "feature_extraction_images_per_second", input.timings().featureExtractionImagesPerSecond());
        number(timings, "training_seconds", input.timings().trainingSeconds());
        number(timings, "scoring_images_per_second", input.timings().scoringImagesPerSecond());
        number(timings, "total_wall_seconds", input.timings().totalWallSeconds());

        ArrayNode images = root.putArray("images");
        for (int i = 0; i < facts.galleryOrder().size(); i++) {
            ReportImage image = facts.galleryOrder().get(i);
            ObjectNode node = images.addObject();
            node.put("image_id", image.imageId());
            node.put("source_name", image.sourceName());
            node.put("split", image.split());
            node.put("label", label(image.anomalous()));
            node.put("defect_type", image.defectType());
            node.put("raw_score", image.rawScore());
            node.put("normalised_score", image.normalisedScore());
            node.put("predicted_label", label(image.predictedAnomalous()));
            node.put("verdict", image.verdict().code());
            node.put("in_gallery", i < facts.galleryShown());
        }
        ObjectNode gallery = root.putObject("gallery");
        gallery.put("shown", facts.galleryShown());
        gallery.put("total", input.images().size());
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report JSON serialisation failed", e);
        }
    }

    private static void metrics(ObjectNode node, MetricSet metrics, double threshold, VerdictCounts counts) {
        node.put("images", metrics.images());
        node.put("anomalous_images", metrics.anomalousImages());
        number(node, "image_auroc", metrics.imageAuroc());
        number(node, "pixel_auroc", metrics.pixelAuroc());
        number(node, "pro", metrics.pro());
        number(node, "image_f1_max", metrics.imageF1().f1());
        number(node, "image_f1_threshold", metrics.imageF1().threshold());
        number(node, "pixel_f1_max", metrics.pixelF1().f1());
        number(node, "pixel_f1_threshold", metrics.pixelF1().threshold());
        number(node, "threshold", threshold);
        number(node, "accuracy", counts.accuracy());
        node.put("true_positives", counts.truePositives());
        node.put("false_positives", counts.falsePositives());
        node.put("true_negatives", counts.trueNegatives());
        node.put("false_negatives", counts.falseNegatives());
    }

    /** Writes a double, or null when it is NaN or infinite (JSON has no such numbers). */
    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static String label(boolean anomalous) {
        return anomalous ? "anomalous" : "normal";
    }

    private static JsonNode parseManifest(String manifestJson) {
        try {
            JsonNode manifest = MAPPER.readTree(manifestJson);
            if (manifest == null || !manifest.isObject()) {
                throw new IllegalArgumentException("the model manifest JSON is not an object");
            }
            return manifest;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the model manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
