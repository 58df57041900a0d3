package io.steadfast.runtime.recoverability;

/** What to do with a delivery after its attempt. Decided by {@link RecoverabilityPolicy}, executed elsewhere. */
public sealed interface RecoveryAction {

    /** The attempt committed (or found the message processed before): accept the delivery. */
    record Accept() implements RecoveryAction {
    }

    /** Try again in this process, after the handler's backoff. */
    record ImmediateRetry() implements RecoveryAction {
    }

    /** Hand the delivery back to the broker as failed; it comes back later. */
    record DelayedRedelivery() implements RecoveryAction {
    }

    /** Record the message in the dead-letter table, then accept the delivery. */
    record DeadLetter(String reason) implements RecoveryAction {
    }

    /** Hand the delivery back untouched and pause until the infrastructure is back. Counts no attempt. */
    record WaitForInfrastructure() implements RecoveryAction {
    }
}
