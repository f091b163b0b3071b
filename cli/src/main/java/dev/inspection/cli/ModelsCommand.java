package dev.inspection.cli;

import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.scoring.v1.ServedModel;
import dev.inspection.api.training.v1.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code inspect models list|show|activate}: the model registry (training service) and serving. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List versions with their metrics, show manifests, activate.",
        subcommands = {ModelsCommand.List.class, ModelsCommand.Show.class, ModelsCommand.Activate.class})
public final class ModelsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the models, or the versions of one model with their test metrics.")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
        @Parameters(index = "0", arity = "0..1", description = "Model name: list its versions.")
        String model;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (model == null) {
                java.util.List<ModelSummary> models = target.call(channel -> new ModelOperations(channel, target).models());
                out.println(json ? CliOutput.jsonArray(models) : CliOutput.modelHeader());
                if (!json) {
                    models.forEach(m -> out.println(CliOutput.model(m)));
                }
            } else {
                java.util.List<ModelVersion> versions = target.call(channel -> new ModelOperations(channel, target).versions(model));
                out.println(json ? CliOutput.jsonArray(versions) : CliOutput.versionHeader());
                if (!json) {
                    versions.forEach(v -> out.println(CliOutput.version(v)));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a version's manifest (JSON).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
        @Parameters(index = "0", description = "Model name.")
        String model;
        @Option(names = "--version", defaultValue = "0", description = "Version (default: the active one).")
        int version;

        @Override
        public Integer call() {
            ModelVersion v = target.call(channel -> new ModelOperations(channel, target).version(model, version));
            spec.commandLine().getOut().println(CliOutput.json(v.getManifest()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Make a version the registry's active one; with --scoring-target also load and serve it there now.")
    static final class Activate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        GrpcTarget target = new GrpcTarget(GrpcTarget.TRAINING_PORT);
        @Parameters(index = "0", description = "Model name.")
        String model;
        @Parameters(index = "1", description = "Version number.")
        int version;
        @Option(names = "--scoring-target", description = "host:port of a scoring service to activate the version in.")
        String scoringTarget;
        @Option(names = "--json", description = "Print the served model (or the version) as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelVersion v = target.call(channel -> new ModelOperations(channel, target).activate(model, version));
            if (scoringTarget == null) {
                out.println(json ? CliOutput.json(v) : "registry: " + model + " v" + v.getVersion() + " is active");
            } else {
                GrpcTarget scoring = target.at(scoringTarget);
                ServedModel served = scoring.call(channel -> new ScoringOperations(channel, scoring).activate(model, version));
                out.println(json ? CliOutput.json(served) : "registry and " + scoring + ": " + model + " v"
                        + served.getActiveVersion() + " is active");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
