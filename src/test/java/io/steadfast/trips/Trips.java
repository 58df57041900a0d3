package io.steadfast.trips;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.steadfast.testing.Sql;

/** Test helpers for the trip scenario: inventory, bookings, and what the participants' tables say. */
public final class Trips {

    private Trips() {
    }

    /** A fresh item of a participant's inventory, with this many units. */
    public static String stock(String participant, int units) {
        String item = participant + "-" + UUID.randomUUID().toString().substring(0, 8);
        Sql.execute("insert into trip_" + participant + "_inventory (item, available) values (?, ?)", item, units);
        return item;
    }

    public static long available(String participant, String item) {
        return Sql.number("select available from trip_" + participant + "_inventory where item = ?", item);
    }

    /** RESERVED, REFUSED, CANCELLED, or NONE. */
    public static String reservation(String participant, String tripId) {
        var statuses = Sql.strings("select status from trip_" + participant + "_reservation where trip_id = ?::uuid",
                tripId);
        return statuses.isEmpty() ? "NONE" : statuses.get(0);
    }

    /** Books and returns the trip id from the 202 answer. */
    public static String book(String key, String car, String hotel, String flight) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("car", car, "hotel", hotel, "flight", flight))
                .post("/trips").then().statusCode(202).extract().path("tripId");
    }

    public static JsonPath trip(String tripId) {
        return given().get("/trips/{id}", tripId).then().statusCode(200).extract().jsonPath();
    }

    public static String status(String tripId) {
        return trip(tripId).getString("status");
    }
}
