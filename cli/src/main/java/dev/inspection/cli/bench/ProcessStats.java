package dev.inspection.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory and CPU time of a process, from /proc (Linux). */
public final class ProcessStats {

    /** Clock ticks per second of /proc/PID/stat's times (USER_HZ: 100 on every Linux ABI the JDK runs on). */
    private static final double TICKS_PER_SECOND = 100.0;

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

    /**
     * User + system CPU time of all the process's threads so far, in milliseconds (10 ms resolution),
     * or -1 when unknown. The difference over a run divided by its images is the honest cost per image
     * on a shared machine, where wall time is inflated by other people's work.
     */
    public static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which sits in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@link #cpuMillis(long)} of this JVM. */
    public static double ownCpuMillis() {
        return cpuMillis(ProcessHandle.current().pid());
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
