package io.steadfast.trips;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Operators.asAdmin;
import static io.steadfast.testing.Operators.asViewer;
import static io.steadfast.trips.Trips.available;
import static io.steadfast.trips.Trips.book;
import static io.steadfast.trips.Trips.reservation;
import static io.steadfast.trips.Trips.status;
import static io.steadfast.trips.Trips.stock;
import static io.steadfast.trips.Trips.trip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.steadfast.runtime.saga.Sagas;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/**
 * The trip saga end to end on the embedded Artemis: one request fans out to three participants through a topic;
 * all reserve and the trip is confirmed, or any refusal or timeout cancels every reservation and returns the
 * inventory. Test settings: replies time out after 3 s; the flight {@code SF-SLOW} answers after 5 s.
 */
@QuarkusTest
@Timeout(120)
class TripSagaTest extends BrokerClientTest {

    @TestHTTPResource("/")
    URL base;

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void allThreeReservedConfirmsTheTripOnceHoweverOftenItIsAskedFor() {
        String car = stock("car", 2);
        String hotel = stock("hotel", 2);
        String flight = stock("flight", 2);
        String key = UUID.randomUUID().toString();

        String tripId = book(key, car, hotel, flight);
        await().atMost(WAIT).until(() -> status(tripId).equals("CONFIRMED"));

        JsonPath trip = trip(tripId);
        assertThat(trip.getString("saga")).isEqualTo("COMPLETED");
        assertThat(trip.getString("steps.car.status")).isEqualTo("RESERVED");
        assertThat(trip.getString("steps.hotel.item")).isEqualTo(hotel);
        assertThat(trip.getList("history.entry", String.class)).contains("car reserved " + car, "confirmed");
        assertThat(List.of(available("car", car), available("hotel", hotel), available("flight", flight)))
                .containsOnly(1L);
        assertThat(List.of(reservation("car", tripId), reservation("hotel", tripId), reservation("flight", tripId)))
                .containsOnly("RESERVED");

        // The same request again: the first answer, no second trip.
        assertThat(book(key, car, hotel, flight)).isEqualTo(tripId);
        // The reservation request delivered again (a re-send, new message id): answered from what was recorded.
        broker.send(TripMessages.REQUESTS, TestMessage.of(UUID.randomUUID().toString(),
                "{\"type\":\"ReserveRequested\",\"tripId\":\"" + tripId + "\",\"items\":{\"car\":\"" + car
                        + "\",\"hotel\":\"" + hotel + "\",\"flight\":\"" + flight + "\"}}")
                .withProperty(Sagas.SAGA_ID, tripId).withGroup(tripId));
        await().atMost(WAIT).until(() -> trip(tripId).getList("history.entry", String.class).stream()
                .filter(entry -> entry.startsWith("flight reserved")).count() == 2);
        assertThat(List.of(available("car", car), available("hotel", hotel), available("flight", flight)))
                .containsOnly(1L);
        assertThat(status(tripId)).isEqualTo("CONFIRMED");
        assertThat(Sql.number("select count(*) from steadfast_saga where id = ?::uuid", tripId)).isEqualTo(1);
    }

    @Test
    void anUnavailableFlightCancelsTheCarAndHotelAndReturnsThem() {
        String car = stock("car", 1);
        String hotel = stock("hotel", 1);
        String flight = stock("flight", 0);

        String tripId = book(UUID.randomUUID().toString(), car, hotel, flight);
        await().atMost(WAIT).until(() -> status(tripId).equals("CANCELLED"));

        JsonPath trip = trip(tripId);
        assertThat(trip.getString("reason")).isEqualTo("flight unavailable: sold out");
        assertThat(trip.getString("steps.flight.reason")).isEqualTo("sold out");
        assertThat(trip.getString("saga")).isEqualTo("COMPLETED");
        assertThat(reservation("car", tripId)).isEqualTo("CANCELLED");
        assertThat(reservation("hotel", tripId)).isEqualTo("CANCELLED");
        assertThat(reservation("flight", tripId)).isEqualTo("REFUSED");
        assertThat(List.of(available("car", car), available("hotel", hotel))).containsOnly(1L);
        assertThat(trip.getList("history.entry", String.class))
                .contains("cancelling: flight unavailable: sold out", "car cancelled", "hotel cancelled");
    }

    @Test
    void aFlightThatAnswersAfterTheTimeoutIsCancelledAndNeverRevivesTheTrip() {
        String car = stock("car", 1);
        String hotel = stock("hotel", 1);
        Sql.execute("insert into trip_flight_inventory (item, available) values ('SF-SLOW', 3)"
                + " on conflict (item) do nothing");
        long flightsBefore = available("flight", "SF-SLOW");

        String tripId = book(UUID.randomUUID().toString(), car, hotel, "SF-SLOW");
        await().atMost(WAIT).until(() -> status(tripId).equals("CANCELLED"));

        JsonPath trip = trip(tripId);
        assertThat(trip.getString("reason")).isEqualTo("no answer from flight within 3000 ms");
        assertThat(trip.getList("history.entry", String.class))
                .contains("flight reserved late, while cancelling; its cancellation is on its way", "flight cancelled");
        assertThat(reservation("flight", tripId)).as("the late reservation was compensated").isEqualTo("CANCELLED");
        assertThat(available("flight", "SF-SLOW")).isEqualTo(flightsBefore);
        assertThat(List.of(available("car", car), available("hotel", hotel))).containsOnly(1L);
    }

    @Test
    void aReplyTheSagaHasNoAnswerForStopsItUntilAnOperatorCancelsIt() {
        String car = stock("car", 1);
        String hotel = stock("hotel", 1);
        String tripId = stuckTrip(car, hotel);

        asViewer().get("/sagas?status=NEEDS_ATTENTION&type=trip").then().statusCode(200)
                .body("id", hasItem(tripId));
        asViewer().get("/sagas/{id}", tripId).then().statusCode(200)
                .body("reason", equalTo("car cancelled its part of a PENDING trip without being asked"));
        asViewer().post("/sagas/{id}/cancel", tripId).then().statusCode(403).body("code", equalTo("forbidden"));
        // Its reply deadline passes meanwhile, unfired: the saga waits for the operator.
        await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT)
                .until(() -> trip(tripId).getString("saga").equals("NEEDS_ATTENTION"));
        assertThat(status(tripId)).isEqualTo("PENDING");

        asAdmin().post("/sagas/{id}/cancel", tripId).then().statusCode(200).body("status", equalTo("RUNNING"));
        await().atMost(WAIT).until(() -> status(tripId).equals("CANCELLED"));
        assertThat(trip(tripId).getString("reason")).isEqualTo("cancelled by an operator");
        assertThat(List.of(available("car", car), available("hotel", hotel))).containsOnly(1L);
        assertThat(reservation("flight", tripId)).isEqualTo("CANCELLED");
        asAdmin().post("/sagas/{id}/retry", tripId).then().statusCode(409).body("code", equalTo("saga-not-stuck"));
        asAdmin().post("/sagas/{id}/cancel", tripId).then().statusCode(409).body("code", equalTo("saga-completed"));
    }

    @Test
    void anOperatorSeesAStuckSagaOnTheConsoleAndRetriesItsStep() {
        String car = stock("car", 1);
        String hotel = stock("hotel", 1);
        String tripId = stuckTrip(car, hotel);

        // The flight's late reservation is recorded meanwhile; the car's claimed cancellation still stops the trip.
        await().atMost(WAIT).until(() -> trip(tripId).getList("history.entry", String.class)
                .contains("flight reserved SF-SLOW"));
        assertThat(trip(tripId).getString("saga")).isEqualTo("NEEDS_ATTENTION");
        assertThat(trip(tripId).getString("steps.car.status")).isEqualTo("CANCELLED");

        String html = asAdmin().get("/console").then().statusCode(200).extract().asString();
        assertThat(html).contains("<tr data-saga=\"" + tripId + "\">")
                .contains("car cancelled its part of a PENDING trip without being asked");
        asAdmin().formParam("id", tripId).redirects().follow(false).post("/console/saga-retry").then()
                .statusCode(403).body("code", equalTo("cross-origin"));
        String location = asAdmin().header("Origin", base.getProtocol() + "://" + base.getAuthority())
                .formParam("id", tripId).redirects().follow(false).post("/console/saga-retry").then()
                .statusCode(303).extract().header("Location");
        assertThat(location).contains("retried%3A+now+RUNNING").doesNotContain("%0A");

        // The car's "cancellation" was forged: asked again, every participant answers from its record (the car holds
        // its unit): the trip is confirmed, holding one unit of each.
        await().atMost(WAIT).until(() -> status(tripId).equals("CONFIRMED"));
        assertThat(List.of(reservation("car", tripId), reservation("hotel", tripId), reservation("flight", tripId)))
                .containsOnly("RESERVED");
        assertThat(List.of(available("car", car), available("hotel", hotel))).containsOnly(0L);
        assertThat(asAdmin().get("/console").then().extract().asString()).doesNotContain("data-saga=\"" + tripId);
    }

    /** A trip with the slow flight, stopped in NEEDS_ATTENTION by a cancellation from the car that nobody asked for. */
    private String stuckTrip(String car, String hotel) {
        Sql.execute("insert into trip_flight_inventory (item, available) values ('SF-SLOW', 3)"
                + " on conflict (item) do nothing");
        String tripId = book(UUID.randomUUID().toString(), car, hotel, "SF-SLOW");
        broker.send(TripMessages.REPLIES, TestMessage.of(UUID.randomUUID().toString(),
                "{\"type\":\"Cancelled\",\"tripId\":\"" + tripId + "\",\"participant\":\"car\"}")
                .withProperty(Sagas.SAGA_ID, tripId).withGroup(tripId));
        await().atMost(WAIT).until(() -> trip(tripId).getString("saga").equals("NEEDS_ATTENTION"));
        return tripId;
    }

    @Test
    void badRequestsAreRefusedWithACodeAndStartNothing() {
        long sagas = Sql.number("select count(*) from steadfast_saga");
        given().contentType(ContentType.JSON).body(Map.of("car", "c", "hotel", "h", "flight", "f")).post("/trips")
                .then().statusCode(400).body("code", equalTo("idempotency-key-missing"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("car", "c", "hotel", "", "boat", "b")).post("/trips")
                .then().statusCode(422).body("code", equalTo("invalid-trip"))
                .body("message", equalTo("unknown field 'boat'; hotel must be a non-empty string;"
                        + " flight must be a non-empty string"));
        given().get("/trips/not-a-trip").then().statusCode(400).body("code", equalTo("invalid-trip-id"));
        given().get("/trips/{id}", UUID.randomUUID()).then().statusCode(404).body("code", equalTo("trip-not-found"));
        asViewer().get("/sagas/{id}", UUID.randomUUID()).then().statusCode(404).body("code", equalTo("saga-not-found"));
        assertThat(Sql.number("select count(*) from steadfast_saga")).isEqualTo(sagas);
    }
}
