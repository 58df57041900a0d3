package io.steadfast.runtime.saga;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which status a saga moves to when its definition asks for one. */
class SagaStatusRulesTest {

    @Test
    void aCompletedSagaNeverComesBack() {
        for (SagaStatus asked : SagaStatus.values()) {
            assertThat(Sagas.next(SagaStatus.COMPLETED, asked, false)).isEqualTo(SagaStatus.COMPLETED);
            assertThat(Sagas.next(SagaStatus.COMPLETED, asked, true)).isEqualTo(SagaStatus.COMPLETED);
        }
    }

    @Test
    void onlyAnOperatorSetsAStuckSagaRunningAgainThoughItMayComplete() {
        assertThat(Sagas.next(SagaStatus.NEEDS_ATTENTION, SagaStatus.RUNNING, false))
                .isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(Sagas.next(SagaStatus.NEEDS_ATTENTION, SagaStatus.RUNNING, true)).isEqualTo(SagaStatus.RUNNING);
        assertThat(Sagas.next(SagaStatus.NEEDS_ATTENTION, SagaStatus.COMPLETED, false))
                .isEqualTo(SagaStatus.COMPLETED);
    }

    @Test
    void aRunningSagaTakesWhatItsDefinitionSays() {
        for (SagaStatus asked : SagaStatus.values()) {
            assertThat(Sagas.next(SagaStatus.RUNNING, asked, false)).isEqualTo(asked);
        }
    }
}
