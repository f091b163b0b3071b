package dev.inspection.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job as a user runs it (the packaged CLI jar, which starts an embedded PostgreSQL and the
 * four packaged services on free ports) on a small real subset of bottle with a short training,
 * kept serving; then the CLI's commands against the same services: the training service's own
 * evaluation, the registry listing and the score command must agree with what the report shows.
 * Finally Ctrl-C (SIGTERM) must stop every service.
 */
class MainJobIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASET = "bottle-e2e";
    private static final String MODEL = DATASET + "-simplenet";

    @Test
    void mainJobReportAgreesWithEvaluateScoreAndTheRegistry(@TempDir Path tmp) throws Exception {
        Path home = TestPaths.home();
        Path shared = TestPaths.sharedDir();
        Path data = BottleSubset.copy(shared.resolve("data/mvtec_ad/bottle"), tmp.resolve(DATASET));
        Map<String, Integer> ports = MainJobLaunch.freePorts();
        List<String> args = MainJobLaunch.mainArgs(data, home, shared, tmp.resolve("state"), ports,
                List.of("--set", "steps=20", "--seed", "7", "--clients", "2", "--keep-serving"));

        try (CliProcess main = CliProcess.start(home, args)) {
            String reportLine = main.awaitLine(line -> line.startsWith("report: "), 10);
            main.awaitLine(line -> line.startsWith("serving (Ctrl-C stops):"), 1);
            Path html = Path.of(reportLine.substring("report: ".length()).trim());
            JsonNode report = JSON.readTree(html.resolveSibling("report.json").toFile());
            String training = "localhost:" + ports.get("training");
            String scoring = "localhost:" + ports.get("scoring");

            // The report covers the whole test split of the subset and shows its images.
            int normals = BottleSubset.TEST_NORMALS;
            int anomalies = BottleSubset.testAnomalies();
            assertEquals(normals + anomalies, report.at("/metrics/images").asInt());
            assertEquals(anomalies, report.at("/metrics/anomalous_images").asInt());
            assertEquals(new TreeSet<>(BottleSubset.DEFECT_TYPES), MainJobLaunch.fieldNames(report.get("per_defect_type")));
            assertEquals(MODEL, report.at("/model/name").asText());
            assertTrue(Files.readString(html).contains("<img"), "the HTML report shows images");
            String version = report.at("/model/version").asText();

            // The training service's own evaluation (raw maps, float16 training-time features) agrees with
            // the report built from the scoring service's answers: image AUROC up to one swapped
            // normal/anomalous pair, pixel AUROC up to the served maps' clamping (see ServedEvaluation).
            JsonNode evaluated = JSON.readTree(MainJobLaunch.runCli(home, "evaluate", MODEL, "--version", version,
                    "--target", training, "--json"));
            assertEquals(normals + anomalies, evaluated.get("images").asInt());
            assertEquals(evaluated.get("imageAuroc").asDouble(), report.at("/metrics/image_auroc").asDouble(),
                    1.0 / (normals * anomalies) + 1e-9);
            assertEquals(evaluated.get("pixelAuroc").asDouble(), report.at("/metrics/pixel_auroc").asDouble(), 0.05);
            assertEquals(MainJobLaunch.fieldNames(evaluated.get("perDefectType")), MainJobLaunch.fieldNames(report.get("per_defect_type")));

            // The registry lists the version as the active one, with the metrics the evaluation stored.
            JsonNode listed = JSON.readTree(MainJobLaunch.runCli(home, "models", "list", MODEL, "--target", training, "--json")).get(0);
            assertEquals(version, listed.get("version").asText());
            assertTrue(listed.get("active").asBoolean());
            assertEquals(evaluated.get("imageAuroc").asDouble(), listed.at("/manifest/metrics/imageAuroc").asDouble(), 1e-12);

            // The score command, through the same scoring service, gives the scores the report shows.
            Path overlays = tmp.resolve("overlays");
            String scored = MainJobLaunch.runCli(home, "score", MODEL, data.resolve("test").toString(), "--target", scoring,
                    "--out", overlays.toString(), "--json");
            Map<String, Double> reportScores = new HashMap<>();
            for (JsonNode image : report.get("images")) {
                reportScores.put(image.get("source_name").asText(), image.get("normalised_score").asDouble());
            }
            int lines = 0;
            for (String line : scored.split("\n")) {
                if (!line.startsWith("{")) {
                    continue; // progress lines (stderr is merged)
                }
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

            // Ctrl-C stops everything: every service port is free again.
            int code = main.stop(3); // a JVM ended by SIGTERM exits with 143 after its shutdown hooks
            assertTrue(code == 0 || code == 143, "main ended with " + code);
            for (Map.Entry<String, Integer> service : ports.entrySet()) {
                assertTrue(MainJobLaunch.isFree(service.getValue()), service.getKey() + " still listens on " + service.getValue());
            }
        }
    }
}
