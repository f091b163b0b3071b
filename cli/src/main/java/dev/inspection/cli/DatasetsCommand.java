package dev.inspection.cli;

import dev.inspection.api.dataset.v1.Dataset;
import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.GetDatasetRequest;
import dev.inspection.api.dataset.v1.ImportSummary;
import dev.inspection.api.dataset.v1.ListDatasetsRequest;
import dev.inspection.api.dataset.v1.DatasetStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code inspect datasets import|list|stats}: talks to a running dataset service. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "Import, list and count datasets.",
        subcommands = {DatasetsCommand.Import.class, DatasetsCommand.List.class, DatasetsCommand.Stats.class})
public final class DatasetsCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import an MVTec-layout folder (path on the service's host).")
    static final class Import implements Callable<Integer> {
        @Mixin
        GrpcTarget target = new GrpcTarget();
        @Parameters(index = "0", description = "Folder with train/good, test/<type>, ground_truth/<type>.")
        Path folder;
        @Option(names = "--name", description = "Dataset name (default: the folder's name).")
        String name;
        @Option(names = "--validation-fraction", defaultValue = "0", description = "Share of train/good carved into VALIDATION.")
        double validationFraction;

        @Override
        public Integer call() {
            if (!Files.isDirectory(folder)) {
                throw new CliException(ExitCodes.MISSING, "no such folder: " + folder);
            }
            String datasetName = name != null ? name : folder.toAbsolutePath().normalize().getFileName().toString();
            ImportSummary summary = target.call(channel -> new DatasetOperations(channel, target)
                    .importFolder(folder, datasetName, validationFraction, System.err));
            System.out.printf("imported %s: %d added, %d unchanged, %d masks added%n", datasetName,
                    summary.getImagesAdded(), summary.getImagesUnchanged(), summary.getMasksAdded());
            DatasetOperations.printStatistics(System.out, "dataset " + datasetName, summary.getStatistics());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List datasets.")
    static final class List implements Callable<Integer> {
        @Mixin
        GrpcTarget target = new GrpcTarget();

        @Override
        public Integer call() {
            var response = target.call(channel -> DatasetServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit())
                    .listDatasets(ListDatasetsRequest.getDefaultInstance()));
            for (Dataset d : response.getDatasetsList()) {
                System.out.printf("%-36s %-24s %8d images%n", d.getId(), d.getName(), d.getImageCount());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts per split, label and defect type.")
    static final class Stats implements Callable<Integer> {
        @Mixin
        GrpcTarget target = new GrpcTarget();
        @Parameters(index = "0", description = "Dataset name.")
        String name;

        @Override
        public Integer call() {
            DatasetStatistics stats = target.call(channel -> {
                Dataset d = DatasetServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit())
                        .getDataset(GetDatasetRequest.newBuilder().setName(name).build());
                return new DatasetOperations(channel, target).statistics(d.getId());
            });
            DatasetOperations.printStatistics(System.out, "dataset " + name, stats);
            return ExitCodes.OK;
        }
    }
}
