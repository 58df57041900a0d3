package io.steadfast.runtime.recoverability;

/**
 * Steadfast's default immediate retries, in one place, for a handler's {@code @Retry} and {@code @ExponentialBackoff}
 * to name: 3 retries, 1 s delay doubling to at most 10 s, 200 ms jitter. Constants, because annotation values must
 * be; all in milliseconds, the annotations' default unit, so that a Fault Tolerance key overriding one of them
 * ({@code <handler class>/handle/Retry/delay=500}) is read in milliseconds too.
 */
public final class ImmediateRetries {

    public static final int MAX_RETRIES = 3;
    public static final long DELAY_MILLIS = 1_000;
    public static final long JITTER_MILLIS = 200;
    public static final int BACKOFF_FACTOR = 2;
    public static final long MAX_DELAY_MILLIS = 10_000;

    private ImmediateRetries() {
    }
}
