package io.steadfast.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos soak (see {@link ChaosSoak}). In the normal build it runs the short version (about three minutes of
 * load); {@code ./mvnw verify -Psoak -Dsoak.messages=100000} runs a long one alone. The report and the plot go to
 * {@code target/soak/}; a broken invariant fails the build.
 */
class ChaosSoakIT {

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.HOURS)
    void nothingLostNothingTwiceNothingStuckUnderFaults() throws Exception {
        SoakSettings settings = SoakSettings.fromSystemProperties();
        SoakChecker.Outcome outcome = new ChaosSoak(settings).run();
        SoakReport.write(outcome, settings.output());
        System.out.println(SoakReport.markdown(outcome));
        System.out.println("[soak] report: " + settings.output().resolve("report.md").toAbsolutePath()
                + ", plot: " + settings.output().resolve("throughput.png").toAbsolutePath());
        assertThat(outcome.invariants()).as("broken invariants (see the report above)")
                .filteredOn(invariant -> !invariant.holds()).isEmpty();
    }
}
