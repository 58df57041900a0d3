package io.steadfast.runtime.recoverability;

/** What a failure says about the message. */
public enum FailureKind {
    /** The message may succeed if tried again (a conflict, a bug that depends on timing, a flaky dependency). */
    TRANSIENT,
    /** The message will never succeed: dead-letter it now. */
    PERMANENT,
    /** The database (or another part of the infrastructure) is unreachable: nothing is wrong with the message. */
    INFRASTRUCTURE
}
