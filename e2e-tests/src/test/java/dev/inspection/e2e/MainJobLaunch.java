package dev.inspection.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the main-job end-to-end tests share: free ports, the command line, CLI runs and JSON field names. */
final class MainJobLaunch {

    private MainJobLaunch() {
    }

    /** A free port per service (dataset, feature, training, scoring). */
    static Map<String, Integer> freePorts() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : new String[] {"dataset", "feature", "training", "scoring"}) {
            ports.put(service, TestPaths.freePort());
        }
        return ports;
    }

    /** {@code main <data> --home --shared --state-dir <options> --<service>-port ...}. */
    static List<String> mainArgs(Path data, Path home, Path shared, Path stateDir, Map<String, Integer> ports,
                                 List<String> options) {
        List<String> args = new ArrayList<>(List.of("main", data.toString(), "--home", home.toString(),
                "--shared", shared.toString(), "--state-dir", stateDir.toString()));
        args.addAll(options);
        ports.forEach((service, port) -> {
            args.add("--" + service + "-port");
            args.add(Integer.toString(port));
        });
        return args;
    }

    /** Runs a CLI command to its end and returns its output; fails on a non-zero exit code. */
    static String runCli(Path home, String... args) throws IOException, InterruptedException {
        try (CliProcess cli = CliProcess.start(home, List.of(args))) {
            int code = cli.awaitExit(5);
            String output = String.join("\n", cli.output());
            assertEquals(0, code, String.join(" ", args) + " failed:\n" + output);
            return output;
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
