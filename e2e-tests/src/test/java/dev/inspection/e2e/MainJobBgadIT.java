package dev.inspection.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code main --method bgad} as a user runs it (the packaged CLI, which starts the database and the four
 * packaged services) on the same small bottle subset as {@link MainJobIT}, with tiny flows at a 64-pixel
 * input. The CLI picks the known anomalies from the labels (one of the subset's four masked anomalies);
 * the report must leave it out and say so, and the training service's own {@code evaluate} of the BGAD
 * version (the job's scoring on raw maps) must agree with the report built from the scoring service's
 * answers.
 */
class MainJobBgadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASET = "bottle-e2e-bgad";
    private static final String MODEL = DATASET + "-bgad";
    /** BGAD in seconds: small input, reduced channels, two coupling blocks, a few steps. */
    private static final List<String> TINY = List.of("--set", "input_size=64", "--set", "reduced_channels=8,8,16",
            "--set", "coupling_blocks=2", "--set", "positional_dim=16", "--set", "steps=20",
            "--set", "rows_per_chunk=128", "--set", "images_per_step=4", "--set", "pseudo_per_known=2",
            "--set", "pseudo_entries=2", "--set", "reference_images=4", "--set", "statistics_images=4");

    @Test
    void bgadMainJobReportLeavesTheKnownAnomalyOutAndAgreesWithEvaluate(@TempDir Path tmp) throws Exception {
        Path home = TestPaths.home();
        Path shared = TestPaths.sharedDir();
        Path data = BottleSubset.copy(shared.resolve("data/mvtec_ad/bottle"), tmp.resolve(DATASET));
        Map<String, Integer> ports = MainJobLaunch.freePorts();
        List<String> options = new ArrayList<>(List.of("--method", "bgad", "--seed", "3", "--clients", "2",
                "--keep-serving"));
        options.addAll(TINY);

        try (CliProcess main = CliProcess.start(home, MainJobLaunch.mainArgs(data, home, shared, tmp.resolve("state"),
                ports, options))) {
            String reportLine = main.awaitLine(line -> line.startsWith("report: "), 10);
            main.awaitLine(line -> line.startsWith("serving (Ctrl-C stops):"), 1);
            assertTrue(main.output().stream().anyMatch(l -> l.startsWith("BGAD trains on 1 of the 4 labelled anomalies")),
                    "the CLI chose the known anomalies from the labels");
            JsonNode report = JSON.readTree(Path.of(reportLine.substring("report: ".length()).trim())
                    .resolveSibling("report.json").toFile());

            // One known anomaly trained on, left out of the metrics and named in the report.
            int normals = BottleSubset.TEST_NORMALS;
            int anomalies = BottleSubset.testAnomalies() - 1;
            assertEquals("bgad", report.at("/model/method").asText());
            assertEquals(MODEL, report.at("/model/name").asText());
            JsonNode excluded = report.at("/dataset/excluded_known_anomalies");
            assertEquals(1, excluded.size());
            assertEquals(1, report.at("/model/manifest/knownAnomalyImageIds").size());
            assertEquals(normals + anomalies, report.at("/metrics/images").asInt());
            assertEquals(anomalies, report.at("/metrics/anomalous_images").asInt());
            for (JsonNode image : report.get("images")) {
                assertTrue(!image.get("source_name").asText().equals(excluded.get(0).asText()),
                        "the known anomaly is not in the report's images");
            }

            // The training service's evaluation of the version (same test split minus the known anomaly,
            // raw maps) agrees with the report from the served answers: image AUROC up to one swapped
            // normal/anomalous pair, pixel AUROC up to the served maps' clamping (see ServedEvaluation).
            String training = "localhost:" + ports.get("training");
            String version = report.at("/model/version").asText();
            JsonNode evaluated = JSON.readTree(MainJobLaunch.runCli(home, "evaluate", MODEL, "--version", version,
                    "--target", training, "--json"));
            assertEquals(normals + anomalies, evaluated.get("images").asInt());
            assertEquals(anomalies, evaluated.get("anomalousImages").asInt());
            assertEquals(evaluated.get("imageAuroc").asDouble(), report.at("/metrics/image_auroc").asDouble(),
                    1.0 / (normals * anomalies) + 1e-9);
            assertEquals(evaluated.get("pixelAuroc").asDouble(), report.at("/metrics/pixel_auroc").asDouble(), 0.05);
            assertEquals(MainJobLaunch.fieldNames(evaluated.get("perDefectType")),
                    MainJobLaunch.fieldNames(report.get("per_defect_type")));

            // The evaluation is stored on the version.
            JsonNode listed = JSON.readTree(MainJobLaunch.runCli(home, "models", "list", MODEL, "--target", training,
                    "--json")).get(0);
            assertEquals(evaluated.get("imageAuroc").asDouble(), listed.at("/manifest/metrics/imageAuroc").asDouble(),
                    1e-12);

            int code = main.stop(3);
            assertTrue(code == 0 || code == 143, "main ended with " + code);
            for (Map.Entry<String, Integer> service : ports.entrySet()) {
                assertTrue(MainJobLaunch.isFree(service.getValue()), service.getKey() + " still listens on "
                        + service.getValue());
            }
        }
    }
}
