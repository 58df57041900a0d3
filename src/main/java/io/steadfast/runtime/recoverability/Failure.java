package io.steadfast.runtime.recoverability;

import java.util.Objects;

/** A classified failure: its kind, the reason code a dead letter would carry, and the exception itself. */
public record Failure(FailureKind kind, String reason, Throwable exception) {

    /** Reason for a message that failed on every attempt of its budget. */
    public static final String ATTEMPTS_EXHAUSTED = "attempts-exhausted";
    /** Reason for a message during which the process stopped, each time it ran alone, as often as the crash budget. */
    public static final String CRASH_LOOP = "crash-loop";

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(exception, "exception");
    }
}
