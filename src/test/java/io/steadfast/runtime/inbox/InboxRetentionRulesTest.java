package io.steadfast.runtime.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class InboxRetentionRulesTest {

    @Test
    void theShortestSafeRetentionIsTheDuplicateHorizonOrALongerAttemptSpan() {
        assertThat(InboxRetention.minimum(Duration.ofDays(7), List.of(Duration.ofMinutes(5), Duration.ofHours(1))))
                .isEqualTo(Duration.ofDays(7));
        assertThat(InboxRetention.minimum(Duration.ofHours(1), List.of(Duration.ofMinutes(5), Duration.ofHours(3))))
                .isEqualTo(Duration.ofHours(3));
        assertThat(InboxRetention.minimum(Duration.ofHours(1), List.of())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aRetentionShorterThanThatIsWarnedAboutAndNamesTheSettings() {
        assertThat(InboxRetention.warning(Duration.ofDays(7), Duration.ofDays(7))).isEmpty();
        assertThat(InboxRetention.warning(Duration.ofDays(30), Duration.ofDays(7))).isEmpty();
        assertThat(InboxRetention.warning(Duration.ofHours(1), Duration.ofDays(7))).get().asString()
                .contains("steadfast.inbox.retention is PT1H", "PT168H", "steadfast.inbox.duplicate-horizon",
                        "processed again");
    }
}
