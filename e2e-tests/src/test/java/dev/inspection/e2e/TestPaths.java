package dev.inspection.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared data and the built repository are, and free local ports. */
final class TestPaths {
    private TestPaths() {
    }

    /** The read-only shared folder: {@code inspection.shared.dir}, else ../shared or ../../shared. */
    static Path sharedDir() {
        String property = System.getProperty("inspection.shared.dir");
        for (Path candidate : new Path[] {property == null ? null : Path.of(property), Path.of("../shared"), Path.of("../../shared")}) {
            if (candidate != null && Files.isDirectory(candidate.resolve("data"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no shared folder with data/ (set -Dinspection.shared.dir; tried " + property
                + ", ../shared, ../../shared from " + Path.of("").toAbsolutePath() + ")");
    }

    /** The repository root with the packaged services: {@code inspection.home}, else the module's parent. */
    static Path home() {
        String property = System.getProperty("inspection.home");
        return (property != null ? Path.of(property) : Path.of("..")).toAbsolutePath().normalize();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
