package io.steadfast.runtime.saga;

/** Where a saga stands, as the runtime sees it; the saga's own phase lives in its state. */
public enum SagaStatus {
    /** Waiting for replies or deadlines. */
    RUNNING,
    /** Finished: every forward or compensating action it took is answered. Nothing more happens to it. */
    COMPLETED,
    /** Stopped in a state its definition has no answer for; an operator retries its step or cancels it. */
    NEEDS_ATTENTION
}
