package io.steadfast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** CPU time and peak resident memory of a Linux process, from {@code /proc}. */
final class ProcessStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times (USER_HZ: 100 on every Linux build in use). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** User plus system CPU seconds the process has used so far. */
    static double cpuSeconds(long pid) {
        return ticks(read(Path.of("/proc", String.valueOf(pid), "stat"))) / TICKS_PER_SECOND;
    }

    /** User plus system clock ticks of a {@code /proc/<pid>/stat} line. */
    private static long ticks(String stat) {
        // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU ticks used so far by each of this machine's PostgreSQL processes, by process id. */
    static Map<Long, Long> postgresTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue; // exited since the listing
                }
                if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals("postgres")) {
                    ticks.put(Long.parseLong(process.getFileName().toString()), ticks(stat));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return ticks;
    }

    /**
     * CPU seconds PostgreSQL's processes used since {@code before} ({@link #postgresTicks()}): each process's growth,
     * a process started meanwhile (a new connection's backend) counted whole. Per process, so that backends of an
     * earlier client exiting meanwhile neither subtract from the figure nor (reaped into the postmaster's children's
     * time) add to it; what a backend used in the window before it exited is missed.
     */
    static double postgresCpuSecondsSince(Map<Long, Long> before) {
        long ticks = 0;
        for (Map.Entry<Long, Long> process : postgresTicks().entrySet()) {
            ticks += process.getValue() - before.getOrDefault(process.getKey(), 0L);
        }
        return ticks / TICKS_PER_SECOND;
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
