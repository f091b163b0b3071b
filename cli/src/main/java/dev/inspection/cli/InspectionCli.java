package dev.inspection.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code inspect} command line. Each subcommand is one task; exit codes are
 * stable for scripts (see {@link ExitCodes}).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, version = "inspect 0.1.0",
        description = "Visual inspection suite: datasets, training, models, scoring and the main job.",
        subcommands = {MainJobCommand.class, DatasetsCommand.class, BenchCommand.class})
public final class InspectionCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // zonky's embedded PostgreSQL logs every start-up step at INFO; the main job prints its own lines.
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        System.exit(newCommandLine().execute(args));
    }

    /** A command line whose failures print one clear line instead of a stack trace. */
    static CommandLine newCommandLine() {
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
