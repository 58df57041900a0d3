package io.steadfast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and peak resident memory of a Linux process, from {@code /proc}. */
final class ProcessStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times (USER_HZ: 100 on every Linux build in use). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** User plus system CPU seconds the process has used so far. */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long userTicks = Long.parseLong(fields[11]);
        long systemTicks = Long.parseLong(fields[12]);
        return (userTicks + systemTicks) / TICKS_PER_SECOND;
    }

    /** The process's peak resident set size (VmHWM) in MiB. */
    static double peakRssMib(long pid) {
        return statusMib(pid, "VmHWM");
    }

    /** The process's resident set size now (VmRSS) in MiB. */
    static double rssMib(long pid) {
        return statusMib(pid, "VmRSS");
    }

    /** A size field of {@code /proc/<pid>/status} (given there in kB), in MiB. */
    private static double statusMib(long pid, String field) {
        for (String line : read(Path.of("/proc", String.valueOf(pid), "status")).split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("No " + field + " for process " + pid);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path, e);
        }
    }
}
