package io.steadfast.trips;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.steadfast.runtime.processing.ExactlyOnce;

/** The three participants: the same behaviour over their own tables. */
final class Participants {

    private Participants() {
    }

    @ApplicationScoped
    @ExactlyOnce
    @Retry(maxRetries = 3, delay = 100, delayUnit = ChronoUnit.MILLIS, jitter = 50)
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    static class Car extends Participant {
        Car() {
            super("car");
        }
    }

    @ApplicationScoped
    @ExactlyOnce
    @Retry(maxRetries = 3, delay = 100, delayUnit = ChronoUnit.MILLIS, jitter = 50)
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    static class Hotel extends Participant {
        Hotel() {
            super("hotel");
        }
    }

    @ApplicationScoped
    @ExactlyOnce
    @Retry(maxRetries = 3, delay = 100, delayUnit = ChronoUnit.MILLIS, jitter = 50)
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    static class Flight extends Participant {
        Flight() {
            super("flight");
        }
    }
}
