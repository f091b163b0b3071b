package dev.inspection.cli;

import dev.inspection.api.model.v1.Metrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code inspect evaluate}: a version on a snapshot's test split, computed and stored by the training service. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model version on a dataset snapshot's test split (image/pixel AUROC, PRO, F1-max, per defect type).")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
    @Parameters(index = "0", description = "Model name.")
    String model;
    @Option(names = "--version", defaultValue = "0", description = "Version (default: the active one).")
    int version;
    @Option(names = "--snapshot", description = "Snapshot id (default: the one the version was trained on).")
    String snapshot;
    @Option(names = "--json", description = "Print the metrics as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Metrics metrics = target.call(channel -> new ModelOperations(channel, target).evaluate(model, version, snapshot));
        spec.commandLine().getOut().println(json ? CliOutput.json(metrics) : CliOutput.metrics(metrics));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
