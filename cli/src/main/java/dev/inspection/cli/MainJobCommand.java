package dev.inspection.cli;

import dev.inspection.api.model.v1.Method;
import dev.inspection.cli.launch.Suite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The main job on the embedded default: builds nothing itself (scripts/main.sh does), locates or
 * provisions the backbone, starts an embedded PostgreSQL and the four services from their packaged
 * jars, imports an MVTec-layout folder (default: MVTec AD bottle from ../shared/data), trains, serves,
 * scores the test split and writes the report; then stops everything (or keeps serving).
 */
@Command(name = "main", mixinStandardHelpOptions = true,
        description = "Run the main job end to end: import, train, serve, score the test split, write the report.")
public final class MainJobCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", description = "MVTec-layout folder (default: <shared>/data/mvtec_ad/bottle).")
    Path folder;

    @Option(names = "--name", description = "Dataset name (default: the folder's name).")
    String name;

    @Option(names = "--method", defaultValue = "simplenet",
            description = "simplenet (unsupervised) or bgad (needs labelled anomalies with masks: trains on a third of "
                    + "them, at most 10, or --set known_anomalies=N, and leaves those out of the report); "
                    + "default ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--preset", defaultValue = "cpu", description = "Training preset: cpu or paper (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--set", description = "Override a preset value, e.g. --set steps=200 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--resize-whole",
            description = "Resize whole images to the network input instead of a center crop (elongated parts such as tiles).")
    boolean resizeWhole;

    @Option(names = "--seed", defaultValue = "0", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent scoring clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--home", description = "Repository root with the built modules (default: the current folder).")
    Path home;

    @Option(names = "--shared", description = "Shared data folder (default: <home>/../shared).")
    Path shared;

    @Option(names = "--backbone", description = "Backbone ONNX file (default: the shared copy, else the cached or newly provisioned one).")
    Path backbone;

    @Option(names = "--state-dir", description = "Where the database, logs, models and reports live (default: <home>/.inspection).")
    Path stateDir;

    @Option(names = "--dataset-port", defaultValue = "8081", description = "Port of the dataset service (default: ${DEFAULT-VALUE}).")
    int datasetPort;

    @Option(names = "--feature-port", defaultValue = "8082", description = "Port of the feature service (default: ${DEFAULT-VALUE}).")
    int featurePort;

    @Option(names = "--training-port", defaultValue = "8083", description = "Port of the training service (default: ${DEFAULT-VALUE}).")
    int trainingPort;

    @Option(names = "--scoring-port", defaultValue = "8084", description = "Port of the scoring service (default: ${DEFAULT-VALUE}).")
    int scoringPort;

    @Option(names = "--db-port", defaultValue = "0", description = "Port of the embedded PostgreSQL (default: a free one).")
    int dbPort;

    @Option(names = "--keep-serving", description = "Keep the services running until Ctrl-C.")
    boolean keepServing;

    @Override
    public Integer call() throws InterruptedException {
        MainJobOptions options = options();
        try (Suite suite = new Suite(options.home(), options.stateDir())) {
            MainJob.Outcome outcome;
            try {
                outcome = new MainJob(options, System.out).run(suite);
            } catch (RuntimeException failure) {
                throw suite.explain(failure);
            }
            if (keepServing) {
                StringBuilder line = new StringBuilder("serving (Ctrl-C stops):");
                outcome.ports().forEach((service, port) -> line.append(' ').append(service).append(" localhost:").append(port));
                System.out.println(line);
                new CountDownLatch(1).await();
            }
            System.out.println("stopping the services");
        }
        return ExitCodes.OK;
    }

    MainJobOptions options() {
        Path root = (home != null ? home : Path.of(System.getProperty("inspection.home", "."))).toAbsolutePath().normalize();
        Path sharedDir = (shared != null ? shared : root.resolve("../shared")).toAbsolutePath().normalize();
        Path data = (folder != null ? folder : sharedDir.resolve("data/mvtec_ad/bottle")).toAbsolutePath().normalize();
        Path state = (stateDir != null ? stateDir : root.resolve(".inspection")).toAbsolutePath().normalize();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("dataset-service", datasetPort);
        ports.put("feature-service", featurePort);
        ports.put("training-service", trainingPort);
        ports.put("scoring-service", scoringPort);
        return new MainJobOptions(data, name != null ? name : data.getFileName().toString(), root, state, sharedDir,
                backbone == null ? null : backbone.toAbsolutePath().normalize(), ports, dbPort, parseMethod(method),
                preset, overrides, seed, clients, resizeWhole);
    }

    static Method parseMethod(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "simplenet" -> Method.SIMPLENET;
            case "bgad" -> Method.BGAD;
            default -> throw new CliException(ExitCodes.USAGE, "unknown method '" + text + "' (known: simplenet, bgad)");
        };
    }
}
