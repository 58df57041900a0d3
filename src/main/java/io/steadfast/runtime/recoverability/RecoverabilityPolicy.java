package io.steadfast.runtime.recoverability;

/**
 * The recoverability decision as a pure function of the failure and the attempts made so far.
 * <ul>
 * <li>infrastructure trouble is waited out and never counts as an attempt;</li>
 * <li>a permanent failure is dead-lettered at once, with its own reason;</li>
 * <li>a transient failure is retried in process while the handler's immediate retries last, then redelivered by
 * the broker, until the attempt budget (immediate and delayed together) is spent.</li>
 * </ul>
 */
public final class RecoverabilityPolicy {

    private RecoverabilityPolicy() {
    }

    /**
     * What to do with a delivery after its attempt.
     *
     * @param outcome how the attempt ended
     * @param budget attempts allowed in all
     * @param immediateRetriesLeft whether the handler's in-process retries are not yet used up for this delivery
     */
    public static RecoveryAction decide(AttemptOutcome outcome, int budget, boolean immediateRetriesLeft) {
        if (outcome instanceof AttemptOutcome.Committed) {
            return new RecoveryAction.Accept();
        }
        if (outcome instanceof AttemptOutcome.CrashLoop) {
            return new RecoveryAction.DeadLetter(Failure.CRASH_LOOP);
        }
        if (outcome instanceof AttemptOutcome.InfrastructureDown) {
            return new RecoveryAction.WaitForInfrastructure();
        }
        AttemptCount count = outcome.count();
        if (count == null) {
            // Not counted: never retried in process, and never dead-lettered for a budget it cannot be held to.
            return outcome.failure().kind() == FailureKind.TRANSIENT ? new RecoveryAction.DelayedRedelivery()
                    : decide(outcome.failure(), 1, budget, false);
        }
        return decide(outcome.failure(), count.attempts(), budget, immediateRetriesLeft);
    }

    /**
     * @param failure the classified failure of the latest attempt
     * @param attempts failed attempts so far, the latest included (counted in the database)
     * @param budget attempts allowed in all
     * @param immediateRetriesLeft whether the handler's in-process retries are not yet used up for this delivery
     */
    public static RecoveryAction decide(Failure failure, int attempts, int budget, boolean immediateRetriesLeft) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be at least 1, was " + budget);
        }
        return switch (failure.kind()) {
            case INFRASTRUCTURE -> new RecoveryAction.WaitForInfrastructure();
            case PERMANENT -> new RecoveryAction.DeadLetter(failure.reason());
            case TRANSIENT -> {
                if (attempts >= budget) {
                    yield new RecoveryAction.DeadLetter(Failure.ATTEMPTS_EXHAUSTED);
                }
                yield immediateRetriesLeft ? new RecoveryAction.ImmediateRetry() : new RecoveryAction.DelayedRedelivery();
            }
        };
    }
}
