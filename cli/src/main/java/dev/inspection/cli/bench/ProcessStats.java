package dev.inspection.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process, from /proc (Linux). */
public final class ProcessStats {
    private ProcessStats() {
    }

    /** VmRSS in MiB, or -1 when unknown. */
    public static double rssMiB(long pid) {
        return field(pid, "VmRSS:");
    }

    /** VmHWM (peak RSS) in MiB, or -1 when unknown. */
    public static double peakRssMiB(long pid) {
        return field(pid, "VmHWM:");
    }

    private static double field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
