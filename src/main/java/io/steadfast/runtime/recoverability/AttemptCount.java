package io.steadfast.runtime.recoverability;

import java.time.Instant;

/** Failed attempts of one message so far, as counted in the database. */
public record AttemptCount(int attempts, Instant firstFailureAt, Instant lastFailureAt) {

    /** For a message dead-lettered before any attempt (it had no id). */
    public static AttemptCount none(Instant now) {
        return new AttemptCount(0, now, now);
    }
}
