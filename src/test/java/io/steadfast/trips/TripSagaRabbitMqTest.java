package io.steadfast.trips;

import static io.steadfast.trips.Trips.available;
import static io.steadfast.trips.Trips.book;
import static io.steadfast.trips.Trips.reservation;
import static io.steadfast.trips.Trips.status;
import static io.steadfast.trips.Trips.stock;
import static io.steadfast.trips.Trips.trip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.steadfast.conformance.BrokerProfiles;

/**
 * The trip saga on RabbitMQ: the request reaches the three participants through the fanout exchange
 * {@code trips.requests} with their queues bound to it (declared here by the test resource, in production by the
 * operator: docs/brokers.md), and a cancellation reaches them the same way.
 */
@QuarkusTest
@TestProfile(BrokerProfiles.RabbitMq.class)
@Timeout(120)
class TripSagaRabbitMqTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theRequestFansOutThroughTheExchangeAndTheTripIsConfirmed() {
        String car = stock("car", 1);
        String hotel = stock("hotel", 1);
        String flight = stock("flight", 1);

        String tripId = book(UUID.randomUUID().toString(), car, hotel, flight);
        await().atMost(WAIT).until(() -> status(tripId).equals("CONFIRMED"));

        assertThat(List.of(reservation("car", tripId), reservation("hotel", tripId), reservation("flight", tripId)))
                .containsOnly("RESERVED");
        assertThat(List.of(available("car", car), available("hotel", hotel), available("flight", flight)))
                .containsOnly(0L);
    }

    @Test
    void aSoldOutHotelCancelsTheOthersThroughTheExchange() {
        String car = stock("car", 1);
        String hotel = stock("hotel", 0);
        String flight = stock("flight", 1);

        String tripId = book(UUID.randomUUID().toString(), car, hotel, flight);
        await().atMost(WAIT).until(() -> status(tripId).equals("CANCELLED"));

        assertThat(trip(tripId).getString("reason")).isEqualTo("hotel unavailable: sold out");
        assertThat(List.of(reservation("car", tripId), reservation("flight", tripId))).containsOnly("CANCELLED");
        assertThat(List.of(available("car", car), available("flight", flight))).containsOnly(1L);
    }
}
