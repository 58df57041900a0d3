package io.steadfast.runtime.deadletter;

/** Where a dead letter stands. Entries are never deleted: discarding only marks them. */
public enum DeadLetterStatus {
    PENDING, REPLAYED, DISCARDED
}
