package io.steadfast.trips;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The three participants: the same behaviour over their own tables, each on its own subscription to
 * {@value TripMessages#REQUESTS}. Created at start-up, so they show on the console before the first trip.
 */
final class Participants {

    static final String CAR = "trip-car";
    static final String HOTEL = "trip-hotel";
    static final String FLIGHT = "trip-flight";

    private Participants() {
    }

    @ApplicationScoped
    @Startup
    static class Car extends Participant {
        Car() {
            super("car", CAR);
        }

        @Incoming(CAR)
        public Uni<Void> receive(Message<Object> message) {
            return admit(message);
        }
    }

    @ApplicationScoped
    @Startup
    static class Hotel extends Participant {
        Hotel() {
            super("hotel", HOTEL);
        }

        @Incoming(HOTEL)
        public Uni<Void> receive(Message<Object> message) {
            return admit(message);
        }
    }

    @ApplicationScoped
    @Startup
    static class Flight extends Participant {
        Flight() {
            super("flight", FLIGHT);
        }

        @Incoming(FLIGHT)
        public Uni<Void> receive(Message<Object> message) {
            return admit(message);
        }
    }
}
