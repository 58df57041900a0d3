package io.steadfast.runtime.recoverability;

import java.time.Instant;

/**
 * What the attempt store knew of a message when one more attempt of it started.
 *
 * @param cutOff the previous attempt never reported back: the process stopped during it
 * @param interrupted attempts of this message cut off so far, run alone or not
 * @param crashes cut-off attempts that ran alone in their process, so the message itself took the process down
 * @param failures attempts that failed and said so
 * @param firstStartedAt when the first attempt of the message started
 */
public record StartedAttempt(boolean cutOff, int interrupted, int crashes, int failures, Instant firstStartedAt) {

    /** For consumers that do not track started attempts (a crash budget of 0). */
    public static final StartedAttempt UNTRACKED = new StartedAttempt(false, 0, 0, 0, Instant.EPOCH);

    /** The count a dead letter carries when the message is given up for crashing the process. */
    public AttemptCount asAttemptCount(Instant now) {
        return new AttemptCount(failures + interrupted, firstStartedAt, now);
    }
}
