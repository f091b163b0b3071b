package dev.inspection.cli;

import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.GetDatasetRequest;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.api.training.v1.StartJobRequest;
import dev.inspection.api.training.v1.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code inspect training start|watch|cancel|list}: talks to the training service. */
@Command(name = "training", mixinStandardHelpOptions = true, description = "Start, watch, cancel and list training jobs.",
        subcommands = {TrainingCommand.Start.class, TrainingCommand.Watch.class, TrainingCommand.Cancel.class,
                TrainingCommand.List.class})
public final class TrainingCommand {

    /** Exit code of a job that ended FAILED or CANCELLED. */
    static int exitCodeOf(TrainingJob job) {
        return job.getState() == JobState.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILED;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Queue a training job (and watch it with --watch).")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
        @Option(names = "--model", required = true, description = "Model name the version is registered under.")
        String model;
        @Option(names = "--dataset-id", description = "Dataset id (UUID).")
        String datasetId;
        @Option(names = "--dataset", description = "Dataset name, resolved on --dataset-target.")
        String datasetName;
        @Option(names = "--dataset-target", defaultValue = "localhost:8081",
                description = "Dataset service used to resolve --dataset (default: ${DEFAULT-VALUE}).")
        String datasetTarget;
        @Option(names = "--method", defaultValue = "simplenet", description = "simplenet or bgad (default: ${DEFAULT-VALUE}).")
        String method;
        @Option(names = "--preset", defaultValue = "cpu", description = "cpu or paper (default: ${DEFAULT-VALUE}).")
        String preset;
        @Option(names = "--set", description = "Override a preset value, e.g. --set steps=200 (repeatable).")
        Map<String, String> overrides = new LinkedHashMap<>();
        @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--resize-whole", description = "Resize whole images instead of a center crop (elongated parts).")
        boolean resizeWhole;
        @Option(names = "--activate", description = "Activate the version in the registry when the job succeeds.")
        boolean activate;
        @Option(names = "--watch", description = "Follow the job with a progress bar until it ends.")
        boolean watch;
        @Option(names = "--json", description = "Print the job as JSON.")
        boolean json;

        @Override
        public Integer call() {
            String dataset = resolveDataset();
            TrainingJob job = target.call(channel -> {
                TrainingOperations ops = new TrainingOperations(channel, target);
                TrainingJob started = ops.start(StartJobRequest.newBuilder().setModelName(model)
                        .setMethod(MainJobCommand.parseMethod(method)).setDatasetId(dataset).setPreset(preset)
                        .putAllOverrides(overrides).setSeed(seed).setActivate(activate)
                        .setPreprocessing(TrainingOperations.preprocessing(resizeWhole)).build());
                return watch ? ops.watch(started.getId(), System.err).job() : started;
            });
            print(spec.commandLine().getOut(), job, json);
            return watch ? exitCodeOf(job) : ExitCodes.OK;
        }

        private String resolveDataset() {
            if ((datasetId == null) == (datasetName == null)) {
                throw new CliException(ExitCodes.USAGE, "give exactly one of --dataset-id and --dataset");
            }
            if (datasetId != null) {
                return datasetId;
            }
            return target.at(datasetTarget).call(channel -> DatasetServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit())
                    .getDataset(GetDatasetRequest.newBuilder().setName(datasetName).build()).getId());
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Follow a job with a progress bar and ETA until it ends; exit code 1 unless it succeeded.")
    static final class Watch implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
        @Parameters(index = "0", description = "Job id.")
        String jobId;
        @Option(names = "--json", description = "Print the final job as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TrainingJob job = target.call(channel -> new TrainingOperations(channel, target).watch(jobId, System.err).job());
            print(spec.commandLine().getOut(), job, json);
            return exitCodeOf(job);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a queued or running job.")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
        @Parameters(index = "0", description = "Job id.")
        String jobId;
        @Option(names = "--json", description = "Print the job as JSON.")
        boolean json;

        @Override
        public Integer call() {
            print(spec.commandLine().getOut(), target.call(channel -> new TrainingOperations(channel, target).cancel(jobId)), json);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
        @Option(names = "--state", description = "Only jobs in this state: ${COMPLETION-CANDIDATES}.")
        JobState state = JobState.JOB_STATE_UNSPECIFIED;
        @Option(names = "--limit", defaultValue = "50", description = "Most jobs listed (default: ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--json", description = "Print the jobs as a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            java.util.List<TrainingJob> jobs = target.call(channel -> new TrainingOperations(channel, target).list(state, limit));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(CliOutput.jsonArray(jobs));
            } else {
                out.println(CliOutput.jobHeader());
                jobs.forEach(j -> out.println(CliOutput.job(j)));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    static void print(PrintWriter out, TrainingJob job, boolean json) {
        out.println(json ? CliOutput.json(job) : CliOutput.jobHeader() + "\n" + CliOutput.job(job));
        out.flush();
    }
}
