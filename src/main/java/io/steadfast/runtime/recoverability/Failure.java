package io.steadfast.runtime.recoverability;

import java.util.Objects;

/** A classified failure: its kind, the reason code a dead letter would carry, and the exception itself. */
public record Failure(FailureKind kind, String reason, Throwable exception) {

    /** Reason for a message that failed on every attempt of its budget. */
    public static final String ATTEMPTS_EXHAUSTED = "attempts-exhausted";

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(exception, "exception");
    }
}
