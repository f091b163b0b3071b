package dev.inspection.cli;

import dev.inspection.api.dataset.v1.ImportSummary;
import dev.inspection.cli.launch.EmbeddedDatabase;
import dev.inspection.cli.launch.ServiceProcess;
import dev.inspection.cli.launch.Suite;
import io.grpc.ManagedChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The main job on the embedded default: starts an embedded PostgreSQL and the services from their
 * packaged jars, imports an MVTec-layout folder (default: MVTec AD bottle from ../shared/data) and
 * prints its counts, then stops everything (or keeps serving with --keep-serving).
 */
@Command(name = "main", mixinStandardHelpOptions = true,
        description = "Run the main job end to end on an embedded PostgreSQL.")
public final class MainJobCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", description = "MVTec-layout folder (default: <home>/../shared/data/mvtec_ad/bottle).")
    Path folder;

    @Option(names = "--name", description = "Dataset name (default: the folder's name).")
    String name;

    @Option(names = "--home", description = "Repository root with the built modules (default: the current folder).")
    Path home;

    @Option(names = "--state-dir", description = "Where the database, logs and models live (default: <home>/.inspection).")
    Path stateDir;

    @Option(names = "--dataset-port", defaultValue = "8081", description = "Port of the dataset service (default: ${DEFAULT-VALUE}).")
    int datasetPort;

    @Option(names = "--db-port", defaultValue = "0", description = "Port of the embedded PostgreSQL (default: a free one).")
    int dbPort;

    @Option(names = "--keep-serving", description = "Keep the services running until Ctrl-C.")
    boolean keepServing;

    @Override
    public Integer call() throws InterruptedException {
        Path root = (home != null ? home : Path.of(System.getProperty("inspection.home", "."))).toAbsolutePath().normalize();
        Path data = (folder != null ? folder : root.resolve("../shared/data/mvtec_ad/bottle")).toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            throw new CliException(ExitCodes.MISSING, "no dataset folder at " + data
                    + " (give an MVTec-layout folder: train/good, test/<type>, ground_truth/<type>)");
        }
        Path state = stateDir != null ? stateDir : root.resolve(".inspection");
        String datasetName = name != null ? name : data.getFileName().toString();

        long t0 = System.nanoTime();
        try (Suite suite = new Suite(root, state)) {
            System.out.println("starting embedded PostgreSQL (data in " + state.resolve("postgres") + ")");
            EmbeddedDatabase db = suite.startDatabase(dbPort);
            System.out.println("starting dataset-service on port " + datasetPort);
            ServiceProcess datasets = suite.startService("dataset-service", datasetPort, Map.of(
                    "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres",
                    "inspection.dataset.import-roots", data.toString()), List.of("-Xmx1g"));

            GrpcTarget target = GrpcTarget.local(datasets.port());
            ManagedChannel channel = target.open();
            try {
                DatasetOperations ops = new DatasetOperations(channel, target);
                ImportSummary summary = ops.importFolder(data, datasetName, 0, System.out);
                System.out.printf("imported %s from %s: %d images added, %d unchanged, %d masks added%n",
                        datasetName, data, summary.getImagesAdded(), summary.getImagesUnchanged(), summary.getMasksAdded());
                DatasetOperations.printStatistics(System.out, "dataset " + datasetName, summary.getStatistics());
            } finally {
                channel.shutdownNow();
            }
            System.out.printf("main job done in %.1f s; logs in %s%n", (System.nanoTime() - t0) / 1e9, state.resolve("logs"));
            if (keepServing) {
                System.out.println("serving: dataset-service on localhost:" + datasets.port() + " (Ctrl-C stops)");
                new CountDownLatch(1).await();
            }
        }
        return ExitCodes.OK;
    }
}
