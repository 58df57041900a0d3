package io.steadfast.runtime.idempotency;

/** What a request may do under its idempotency key. */
public sealed interface IdempotencyStart {

    /**
     * Go ahead: the key is new (or expired, or its first request was abandoned). {@code resourceId} is the id to
     * create the resource under: on a take-over, the one the abandoned request had chosen.
     */
    record Proceed(String resourceId) implements IdempotencyStart {
    }

    /** The same request was answered before: reply with this. */
    record Replay(StoredResponse response) implements IdempotencyStart {
    }

    /** The first request with this key is still being processed. */
    record InFlight() implements IdempotencyStart {
    }

    /** The key was used with a different request. */
    record Mismatch() implements IdempotencyStart {
    }
}
