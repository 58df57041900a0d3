package io.steadfast.runtime.recoverability;

/**
 * How one attempt of one message ended: what {@link RecoverabilityPolicy} decides on, once, and what the consumer
 * settles the delivery by.
 */
public sealed interface AttemptOutcome {

    /** The classified failure, or {@code null} when the attempt committed. */
    Failure failure();

    /** Failed attempts counted so far, or {@code null} when there is nothing counted (or it could not be). */
    AttemptCount count();

    /** The transaction committed: the message's effects, or for a duplicate nothing, are durable. */
    record Committed(boolean duplicate) implements AttemptOutcome {

        @Override
        public Failure failure() {
            return null;
        }

        @Override
        public AttemptCount count() {
            return null;
        }
    }

    /**
     * The handler or its transaction failed, and the failure was counted ({@code count} is {@code null} when counting
     * it failed too, for another reason than the database being away).
     */
    record Failed(Failure failure, AttemptCount count) implements AttemptOutcome {
    }

    /** The process stopped during the message's lone attempts as often as its crash budget allows: not run again. */
    record CrashLoop(Failure failure, AttemptCount count) implements AttemptOutcome {
    }

    /** The database is away: not the message's fault, nothing counted. */
    record InfrastructureDown(Failure failure) implements AttemptOutcome {

        @Override
        public AttemptCount count() {
            return null;
        }
    }
}
