package io.steadfast.trips;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.processing.ExactlyOnceConsumer;
import io.steadfast.runtime.saga.SagaReplyHandler;

/**
 * The scenario's four consumers: each participant on its subscription to {@value TripMessages#REQUESTS}, and the
 * saga on {@value TripMessages#REPLIES}. Created at start-up, so they show on the console before the first trip.
 */
@ApplicationScoped
@Startup
public class TripConsumers {

    public static final String CAR = "trip-car";
    public static final String HOTEL = "trip-hotel";
    public static final String FLIGHT = "trip-flight";
    public static final String REPLIES = "trip-replies";

    private final ExactlyOnceConsumer car;
    private final ExactlyOnceConsumer hotel;
    private final ExactlyOnceConsumer flight;
    private final ExactlyOnceConsumer replies;

    @Inject
    TripConsumers(Consumers consumers, Participants.Car car, Participants.Hotel hotel, Participants.Flight flight,
            SagaReplyHandler sagaReplies) {
        this.car = consumers.register(CAR, car);
        this.hotel = consumers.register(HOTEL, hotel);
        this.flight = consumers.register(FLIGHT, flight);
        this.replies = consumers.register(REPLIES, sagaReplies);
    }

    @Incoming(CAR)
    public Uni<Void> car(Message<Object> message) {
        return car.admit(message);
    }

    @Incoming(HOTEL)
    public Uni<Void> hotel(Message<Object> message) {
        return hotel.admit(message);
    }

    @Incoming(FLIGHT)
    public Uni<Void> flight(Message<Object> message) {
        return flight.admit(message);
    }

    @Incoming(REPLIES)
    public Uni<Void> replies(Message<Object> message) {
        return replies.admit(message);
    }
}
