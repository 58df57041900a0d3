package io.steadfast.runtime.recoverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecoverabilityPolicyTest {

    private static final Failure TRANSIENT = new Failure(FailureKind.TRANSIENT, Failure.ATTEMPTS_EXHAUSTED,
            new IllegalStateException("boom"));
    private static final Failure POISON = new Failure(FailureKind.PERMANENT, "invalid",
            new PermanentFailure("invalid", "amount must be positive"));
    private static final Failure DATABASE_DOWN = new Failure(FailureKind.INFRASTRUCTURE, "infrastructure",
            new java.net.ConnectException("refused"));

    @Test
    void aTransientFailureIsRetriedImmediatelyWhileTheHandlerHasRetriesLeft() {
        assertThat(RecoverabilityPolicy.decide(TRANSIENT, 1, 10, true)).isEqualTo(new RecoveryAction.ImmediateRetry());
    }

    @Test
    void aTransientFailureGoesBackToTheBrokerOnceImmediateRetriesAreSpent() {
        assertThat(RecoverabilityPolicy.decide(TRANSIENT, 4, 10, false))
                .isEqualTo(new RecoveryAction.DelayedRedelivery());
    }

    @Test
    void theLastAttemptOfTheBudgetDeadLettersWhateverRetriesRemain() {
        assertThat(RecoverabilityPolicy.decide(TRANSIENT, 10, 10, true))
                .isEqualTo(new RecoveryAction.DeadLetter("attempts-exhausted"));
        assertThat(RecoverabilityPolicy.decide(TRANSIENT, 11, 10, false))
                .isEqualTo(new RecoveryAction.DeadLetter("attempts-exhausted"));
        assertThat(RecoverabilityPolicy.decide(TRANSIENT, 9, 10, true)).isEqualTo(new RecoveryAction.ImmediateRetry());
    }

    @Test
    void aPermanentFailureIsDeadLetteredAtOnceWithItsOwnReason() {
        assertThat(RecoverabilityPolicy.decide(POISON, 1, 10, true)).isEqualTo(new RecoveryAction.DeadLetter("invalid"));
    }

    @Test
    void infrastructureTroubleIsWaitedOutEvenPastTheBudget() {
        assertThat(RecoverabilityPolicy.decide(DATABASE_DOWN, 0, 10, true))
                .isEqualTo(new RecoveryAction.WaitForInfrastructure());
        assertThat(RecoverabilityPolicy.decide(DATABASE_DOWN, 50, 10, false))
                .isEqualTo(new RecoveryAction.WaitForInfrastructure());
    }

    @Test
    void aBudgetBelowOneIsAMisconfiguration() {
        assertThatThrownBy(() -> RecoverabilityPolicy.decide(TRANSIENT, 1, 0, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAttemptsOutcomeIsDecidedOnce() {
        java.time.Instant now = java.time.Instant.now();
        AttemptCount third = new AttemptCount(3, now, now);
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Committed(false), 10, true))
                .isEqualTo(new RecoveryAction.Accept());
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Committed(true), 10, false))
                .isEqualTo(new RecoveryAction.Accept());
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Failed(TRANSIENT, third), 10, true))
                .isEqualTo(new RecoveryAction.ImmediateRetry());
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Failed(TRANSIENT, third), 10, false))
                .isEqualTo(new RecoveryAction.DelayedRedelivery());
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Failed(TRANSIENT, third), 3, true))
                .isEqualTo(new RecoveryAction.DeadLetter("attempts-exhausted"));
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Failed(POISON, third), 10, true))
                .isEqualTo(new RecoveryAction.DeadLetter("invalid"));
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.CrashLoop(POISON, third), 10, true))
                .isEqualTo(new RecoveryAction.DeadLetter(Failure.CRASH_LOOP));
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.InfrastructureDown(DATABASE_DOWN), 10, true))
                .isEqualTo(new RecoveryAction.WaitForInfrastructure());
    }

    @Test
    void aFailureThatCouldNotBeCountedIsNeverRetriedInProcessNorHeldToTheBudget() {
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Failed(TRANSIENT, null), 1, true))
                .isEqualTo(new RecoveryAction.DelayedRedelivery());
        assertThat(RecoverabilityPolicy.decide(new AttemptOutcome.Failed(POISON, null), 10, true))
                .isEqualTo(new RecoveryAction.DeadLetter("invalid"));
    }
}
