package dev.inspection.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.cli.ExitCodes;
import dev.inspection.cli.InspectionCli;
import dev.inspection.cli.MainJob;
import dev.inspection.cli.MainJobOptions;
import dev.inspection.cli.launch.Suite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job against the packaged services over real sockets (embedded PostgreSQL, four child
 * JVMs on free ports) on a small real subset of bottle with a short training; then the CLI commands
 * against the same services: the training service's own evaluation, the registry listing and the
 * scoring command must agree with what the report shows.
 */
class MainJobIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mainJobReportAgreesWithEvaluateScoreAndTheRegistry(@TempDir Path tmp) throws Exception {
        Path shared = TestPaths.sharedDir();
        Path data = BottleSubset.copy(shared.resolve("data/mvtec_ad/bottle"), tmp.resolve("bottle-e2e"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : new String[] {"dataset-service", "feature-service", "training-service", "scoring-service"}) {
            ports.put(service, TestPaths.freePort());
        }
        Path home = TestPaths.home();
        MainJobOptions options = new MainJobOptions(data, "bottle-e2e", home, tmp.resolve("state"), shared, null, ports, 0,
                Method.SIMPLENET, "cpu", Map.of("steps", "20"), 7, 2);

        try (Suite suite = new Suite(home, options.stateDir())) {
            MainJob.Outcome outcome = new MainJob(options, System.out).run(suite);
            JsonNode report = JSON.readTree(outcome.report().json().toFile());
            String training = "localhost:" + ports.get("training-service");
            String scoring = "localhost:" + ports.get("scoring-service");
            String version = Integer.toString(outcome.version());

            // The report covers the whole test split of the subset.
            int normals = BottleSubset.TEST_NORMALS;
            int anomalies = BottleSubset.testAnomalies();
            assertEquals(normals + anomalies, report.at("/metrics/images").asInt());
            assertEquals(anomalies, report.at("/metrics/anomalous_images").asInt());
            assertEquals(outcome.overall().imageAuroc(), report.at("/metrics/image_auroc").asDouble(), 0);
            assertEquals(new TreeSet<>(BottleSubset.DEFECT_TYPES), fieldNames(report.get("per_defect_type")));
            assertTrue(Files.readString(outcome.report().html()).contains("<img"), "the HTML report shows images");

            // The training service's own evaluation of the version (raw maps, float16 training features)
            // agrees with the report built from the scoring service's answers: image AUROC up to one
            // swapped normal/anomalous pair, pixel AUROC up to the served map's clamping (see ServedEvaluation).
            Metrics evaluated = parseMetrics(run("evaluate", outcome.modelName(), "--version", version,
                    "--target", training, "--json"));
            assertEquals(normals + anomalies, evaluated.getImages());
            assertEquals(evaluated.getImageAuroc(), report.at("/metrics/image_auroc").asDouble(),
                    1.0 / (normals * anomalies) + 1e-9);
            assertEquals(evaluated.getPixelAuroc(), report.at("/metrics/pixel_auroc").asDouble(), 0.05);
            assertEquals(evaluated.getPerDefectTypeMap().keySet(), fieldNames(report.get("per_defect_type")));

            // The registry lists the version as active, with the metrics the evaluation stored.
            JsonNode versions = JSON.readTree(run("models", "list", outcome.modelName(), "--target", training, "--json"));
            JsonNode listed = versions.get(0);
            assertEquals(outcome.version(), listed.get("version").asInt());
            assertTrue(listed.get("active").asBoolean());
            assertEquals(evaluated.getImageAuroc(), listed.at("/manifest/metrics/imageAuroc").asDouble(), 1e-12);

            // The score command, through the same scoring service, gives the scores the report shows.
            Path overlays = tmp.resolve("overlays");
            String scored = run("score", outcome.modelName(), data.resolve("test").toString(), "--target", scoring,
                    "--out", overlays.toString(), "--json");
            Map<String, Double> reportScores = new HashMap<>();
            for (JsonNode image : report.get("images")) {
                reportScores.put(image.get("source_name").asText(), image.get("normalised_score").asDouble());
            }
            int lines = 0;
            for (String line : scored.split("\n")) {
                JsonNode response = JSON.readTree(line);
                String name = "test/" + response.get("requestId").asText();
                assertTrue(reportScores.containsKey(name), name + " is in the report");
                assertEquals(reportScores.get(name), response.get("score").asDouble(), 1e-4, name);
                lines++;
            }
            assertEquals(normals + anomalies, lines);
            try (var files = Files.list(overlays)) {
                assertEquals(normals + anomalies, files.count());
            }
        }
    }

    /** Runs a CLI command in this JVM and returns its standard output; fails on a non-zero exit code. */
    private static String run(String... args) {
        CommandLine cli = InspectionCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        assertEquals(ExitCodes.OK, code, String.join(" ", args) + " failed: " + err);
        return out.toString().strip();
    }

    private static Metrics parseMetrics(String json) throws Exception {
        Metrics.Builder b = Metrics.newBuilder();
        JsonFormat.parser().merge(json, b);
        return b.build();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
