package dev.inspection.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of the {@code inspect} command line. Each subcommand is one task; exit codes are
 * stable for scripts (see {@link ExitCodes}).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, version = "inspect 0.1.0",
        description = "Visual inspection suite: datasets, training, models, scoring and the main job.",
        subcommands = {MainJobCommand.class, DatasetsCommand.class, TrainingCommand.class, ModelsCommand.class,
                ScoreCommand.class, EvaluateCommand.class, BenchCommand.class})
public final class InspectionCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Held strongly: JUL forgets the level of a logger nobody references. */
    private static final Logger ZONKY_LOG = Logger.getLogger("io.zonky");

    public static void main(String[] args) {
        // zonky's embedded PostgreSQL logs every start-up step at INFO; the main job prints its own lines.
        ZONKY_LOG.setLevel(Level.WARNING);
        System.exit(newCommandLine().execute(args));
    }

    /** A command line whose failures print one clear line instead of a stack trace. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new InspectionCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ExitCodes.describe(ex));
            if (Boolean.getBoolean("inspection.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.of(ex);
        });
        return cli;
    }
}
