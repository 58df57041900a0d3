package io.steadfast.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the benchmark runs, from {@code -Dbench.*} system properties. The defaults take about two minutes on a
 * 2-core machine.
 *
 * @param messages transfers per measurement (each ceiling and the service get the same number)
 * @param warmUp transfers sent through each contender before it is measured (JIT, connections, caches)
 * @param concurrency the sweep: the service's {@code concurrency}, the broker ceiling's unsettled deliveries and the
 *        database ceiling's connections
 * @param accounts accounts the transfers are spread over (fewer means more lock contention)
 * @param latencySeconds how long the half-rate latency phase streams transfers
 * @param seed the random transfers' seed
 * @param output where {@code report.md}, {@code results.json} and {@code throughput.png} go
 * @param inboxRows rows put into the inbox before the sweep (another consumer's), to show the cost of a large
 *        inbox
 * @param batchSizes the service's batch sizes measured at each concurrency (1 is off); a size above the concurrency
 *        is skipped, a batch holds at most that many
 * @param latencyLoad the latency phase's rate as a fraction of the service's measured maximum (default 0.5)
 * @param serviceOptions extra JVM options and {@code -D} settings for the service, space-separated (a profiler,
 *        a setting to compare)
 */
record BenchSettings(int messages, int warmUp, List<Integer> concurrency, int accounts, int latencySeconds,
        long seed, Path output, long inboxRows, List<String> serviceOptions, List<Integer> batchSizes,
        double latencyLoad) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.messages", 5_000),
                Integer.getInteger("bench.warm-up", 1_000),
                Arrays.stream(System.getProperty("bench.concurrency", "1,4,16,64").split(","))
                        .map(String::trim).map(Integer::valueOf).toList(),
                Integer.getInteger("bench.accounts", 1_000),
                Integer.getInteger("bench.latency-seconds", 10),
                Long.getLong("bench.seed", System.currentTimeMillis()),
                Path.of(System.getProperty("bench.output", "target/bench")),
                Long.getLong("bench.inbox-rows", 0),
                Arrays.stream(System.getProperty("bench.service-options", "").split(" "))
                        .filter(option -> !option.isBlank()).toList(),
                Arrays.stream(System.getProperty("bench.batch-sizes", "1,16").split(","))
                        .map(String::trim).map(Integer::valueOf).toList(),
                Double.parseDouble(System.getProperty("bench.latency-load", "0.5")));
    }
}
