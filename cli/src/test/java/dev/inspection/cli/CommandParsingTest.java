package dev.inspection.cli;

import dev.inspection.api.model.v1.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandParsingTest {

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void trainingStartTakesOverridesMethodAndDefaultsToTheTrainingPort() {
        TrainingCommand.Start start = parse(new TrainingCommand.Start(), "--model", "bottle-simplenet",
                "--dataset", "bottle", "--set", "steps=20", "--set", "lr=1e-4", "--method", "bgad", "--watch");
        assertEquals(Map.of("steps", "20", "lr", "1e-4"), start.overrides);
        assertEquals("bgad", start.method);
        assertTrue(start.watch);
        assertEquals("localhost:8083", start.target.toString());
    }

    @Test
    void eachCommandTalksToItsServiceByDefaultAndToTargetWhenGiven() {
        assertEquals("localhost:8084", parse(new ScoreCommand(), "m", "x.png").target.toString());
        assertEquals("localhost:8083", parse(new EvaluateCommand(), "m").target.toString());
        assertEquals("localhost:8083", parse(new ModelsCommand.List()).target.toString());
        assertEquals("host:9", parse(new ScoreCommand(), "m", "x.png", "--target", "host:9").target.toString());
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        CommandLine cli = InspectionCli.newCommandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(ExitCodes.USAGE, cli.execute("training", "start"));
    }

    @Test
    void unknownMethodIsAUsageError() {
        CliException e = assertThrows(CliException.class, () -> MainJobCommand.parseMethod("padim"));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals(Method.BGAD, MainJobCommand.parseMethod("BGAD"));
    }

    @Test
    void mainJobNeedsFourDifferentPorts(@TempDir Path tmp) {
        MainJobCommand main = parse(new MainJobCommand(), tmp.toString(), "--home", tmp.toString(),
                "--feature-port", "8081");
        CliException e = assertThrows(CliException.class, main::options);
        assertEquals(ExitCodes.USAGE, e.exitCode());
    }

    @Test
    void mainJobDefaultsToBottleInTheSharedFolderAndTheStandardPorts(@TempDir Path tmp) {
        MainJobOptions o = parse(new MainJobCommand(), "--home", tmp.toString(), "--set", "steps=5").options();
        assertEquals(tmp.resolve("../shared/data/mvtec_ad/bottle").normalize(), o.folder());
        assertEquals("bottle", o.datasetName());
        assertEquals(8084, o.ports().get("scoring-service"));
        assertEquals(Map.of("steps", "5"), o.overrides());
        assertEquals(Method.SIMPLENET, o.method());
        assertEquals(tmp.resolve(".inspection"), o.stateDir());
    }

    @Test
    void mainJobReportsAMissingFolder(@TempDir Path tmp) {
        MainJobOptions o = parse(new MainJobCommand(), tmp.resolve("nope").toString(), "--home", tmp.toString()).options();
        CliException e = assertThrows(CliException.class, () -> MainJob.requireInputs(o));
        assertEquals(ExitCodes.MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("no dataset folder at " + tmp.resolve("nope")), e.getMessage());
    }

    @Test
    void mainJobNamesTheBuildCommandWhenJarsAreMissing(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        MainJobOptions o = parse(new MainJobCommand(), tmp.resolve("data").toString(), "--home", tmp.toString()).options();
        CliException e = assertThrows(CliException.class, () -> MainJob.requireInputs(o));
        assertEquals(ExitCodes.MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("mvn -B package -DskipTests"), e.getMessage());
        assertTrue(e.getMessage().contains("training-service"), e.getMessage());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void mainJobNamesAPortInUse(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        for (String service : MainJob.SERVICES) {
            Path jar = tmp.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.createFile(jar);
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            MainJobOptions o = parse(new MainJobCommand(), tmp.resolve("data").toString(), "--home", tmp.toString(),
                    "--dataset-port", Integer.toString(freePort()), "--feature-port", Integer.toString(freePort()),
                    "--training-port", Integer.toString(taken.getLocalPort()),
                    "--scoring-port", Integer.toString(freePort())).options();
            CliException e = assertThrows(CliException.class, () -> MainJob.requireInputs(o));
            assertEquals(ExitCodes.MISSING, e.exitCode());
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " (training-service) is in use"), e.getMessage());
        }
    }
}
