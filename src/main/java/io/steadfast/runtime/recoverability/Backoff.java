package io.steadfast.runtime.recoverability;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full-range jitter: the n-th wait (from 0) is {@code initial * 2^n} capped at
 * {@code max}, then scaled by a random factor in {@code [1 - jitter, 1]} so that many waiters do not wake at once.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max (" + max + ") must not be below initial (" + initial + ")");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    /** The wait before attempt {@code n + 1}, for {@code n >= 0} failures so far. */
    public Duration delay(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        long capMillis = max.toMillis();
        long base = initial.toMillis();
        for (int i = 0; i < n && base < capMillis; i++) {
            base *= 2;
        }
        base = Math.min(base, capMillis);
        double factor = 1 - jitter * random.getAsDouble();
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }
}
