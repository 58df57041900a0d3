package io.steadfast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the benchmark ({@code ./mvnw verify -Pbench}; see docs/performance.md). Not part of the normal build, and
 * not a timed test: it prints what it measured and checks only that every contender processed every transfer
 * (which {@link LedgerBenchmark} verifies as it goes) and that each figure was measured.
 */
class LedgerBenchmarkRun {

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS)
    void measureAgainstTheCeilings() throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        LedgerBenchmark.Result result = new LedgerBenchmark(settings).run();
        BenchReport.write(result);
        System.out.println(BenchReport.markdown(result));
        System.out.println("[bench] report: " + settings.output().resolve("report.md").toAbsolutePath()
                + ", JSON: " + settings.output().resolve("results.json").toAbsolutePath()
                + ", plot: " + settings.output().resolve("throughput.png").toAbsolutePath());
        long expected = settings.concurrency().stream().mapToLong(concurrency -> settings.batchSizes().stream()
                .filter(batch -> batch == 1 || batch <= concurrency).count()).sum();
        assertThat(result.points()).hasSize((int) expected)
                .allSatisfy(point -> assertThat(point.serviceRate()).isPositive());
    }
}
