package io.steadfast.trips;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The trip-booking scenario's settings, under {@code trips.}. */
@ConfigMapping(prefix = "trips")
public interface TripConfig {

    /** How long the trip waits for all three participants to answer before it cancels. */
    @WithName("reply-timeout")
    @WithDefault("10s")
    Duration replyTimeout();

    /** How long it waits for the cancellations to be confirmed before asking again. */
    @WithName("cancel-timeout")
    @WithDefault("30s")
    Duration cancelTimeout();

    /** Cancellation requests sent before the trip stops in NEEDS_ATTENTION for an operator. */
    @WithName("cancel-attempts")
    @WithDefault("3")
    int cancelAttempts();

    /** Demonstration and test only: participants that sometimes answer late. Off by default. */
    Simulation simulation();

    interface Simulation {
        /** Share of reservation requests a participant answers only after {@link #slowReplyDelay()}, 0 to 1. */
        @WithName("slow-reply-rate")
        @WithDefault("0")
        double slowReplyRate();

        @WithName("slow-reply-delay")
        @WithDefault("0s")
        Duration slowReplyDelay();

        /** Items whose reservations are always answered only after {@link #slowReplyDelay()}. */
        @WithName("slow-items")
        Optional<List<String>> slowItems();
    }
}
