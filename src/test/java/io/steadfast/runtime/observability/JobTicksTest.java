package io.steadfast.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.steadfast.testing.LogRecorder;

class JobTicksTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobTicks ticks = new JobTicks();

    JobTicksTest() {
        SteadfastMetrics metrics = new SteadfastMetrics();
        metrics.registry = registry;
        ticks.metrics = metrics;
    }

    @Test
    void aFailureStreakIsCountedTickByTickAndWarnedAboutOnce() {
        try (LogRecorder log = LogRecorder.start(Level.INFO)) {
            for (int i = 0; i < 3; i++) {
                // Every tick completes: the scheduler runs the job again next time.
                tick(Uni.createFrom().failure(new IllegalStateException("database away " + i)));
            }
            tick(Uni.createFrom().item("done"));
            tick(Uni.createFrom().failure(new IllegalStateException("away again")));

            assertThat(registry.counter(SteadfastMetrics.JOB_FAILURES, "job", "outbox-prune").count()).isEqualTo(4);
            assertThat(log.lines()).filteredOn(line -> line.contains("Job outbox-prune"))
                    .satisfiesExactly(
                            first -> assertThat(first).contains("WARN").contains("database away 0"),
                            recovered -> assertThat(recovered).contains("INFO").contains("after 3 failed ticks"),
                            again -> assertThat(again).contains("WARN").contains("away again"));
        }
    }

    private void tick(Uni<?> outcome) {
        ticks.run("outbox-prune", () -> outcome).await().atMost(Duration.ofSeconds(5));
    }
}
