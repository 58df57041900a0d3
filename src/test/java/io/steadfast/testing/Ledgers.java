package io.steadfast.testing;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;

/** Ledger set-up and reads through its public HTTP API. */
public final class Ledgers {

    private Ledgers() {
    }

    /** A prefix that keeps one test's accounts apart from every other test's. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    public static void openAccount(String id, String currency, long openingBalance) {
        given().contentType(ContentType.JSON)
                .body("{\"currency\":\"" + currency + "\",\"openingBalance\":" + openingBalance + "}")
                .put("/accounts/{id}", id)
                .then().statusCode(201);
    }

    public static long balance(String id) {
        return given().get("/accounts/{id}", id).then().statusCode(200).extract().jsonPath().getLong("balance");
    }

    /** Submits a transfer in EUR over HTTP ({@code POST /transfers}, a fresh Idempotency-Key); its transfer id. */
    public static String submit(String from, String to, long amount) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount
                        + ",\"currency\":\"EUR\"}")
                .post("/transfers").then().statusCode(202).extract().path("transferId");
    }

    public static String transfer(String transferId, String from, String to, long amount, String currency) {
        return "{\"transferId\":\"" + transferId + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":"
                + amount + ",\"currency\":\"" + currency + "\"}";
    }
}
