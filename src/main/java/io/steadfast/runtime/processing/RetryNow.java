package io.steadfast.runtime.processing;

import io.steadfast.runtime.recoverability.AttemptOutcome;

/**
 * Thrown by an attempt to the Fault Tolerance interceptor around it when the policy says "retry now", and only then:
 * so no {@code @Retry} setting can retry a message that must not be retried. When the handler's retries are spent,
 * it reaches the consumer carrying the last attempt's counted outcome. Its cause is the attempt's failure.
 */
final class RetryNow extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AttemptOutcome.Failed outcome;

    RetryNow(AttemptOutcome.Failed outcome) {
        super("Attempt failed (" + outcome.failure().reason() + "); retried in process", outcome.failure().exception(),
                false, false);
        this.outcome = outcome;
    }

    AttemptOutcome.Failed outcome() {
        return outcome;
    }
}
