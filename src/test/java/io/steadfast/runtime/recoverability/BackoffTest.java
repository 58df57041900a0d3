package io.steadfast.runtime.recoverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void withoutJitterTheDelayDoublesUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0, () -> 0.7);
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterOnlyShortensTheDelayAndByAtMostItsShare() {
        Backoff longest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2, () -> 0.0);
        Backoff shortest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2, () -> 1.0);
        assertThat(longest.delay(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(shortest.delay(2)).isEqualTo(Duration.ofMillis(3_200));
        assertThat(shortest.delay(9)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void argumentsAreCheckedUpFront() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0, () -> 0).delay(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
