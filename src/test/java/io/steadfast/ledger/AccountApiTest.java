package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.steadfast.testing.Ledgers;

@QuarkusTest
class AccountApiTest {

    private final String prefix = Ledgers.uniquePrefix();

    @Test
    void openingAnAccountTwiceIsIdempotentAndAConflictingOneIsRefused() {
        String id = prefix + "alice";
        String body = "{\"currency\":\"EUR\",\"openingBalance\":100000}";
        given().contentType(ContentType.JSON).body(body).put("/accounts/{id}", id)
                .then().statusCode(201).body("id", equalTo(id)).body("currency", equalTo("EUR"))
                .body("balance", equalTo(100000));
        given().contentType(ContentType.JSON).body(body).put("/accounts/{id}", id)
                .then().statusCode(200).body("balance", equalTo(100000));
        given().contentType(ContentType.JSON).body("{\"currency\":\"USD\",\"openingBalance\":100000}")
                .put("/accounts/{id}", id)
                .then().statusCode(409).body("code", equalTo("account-conflict"));
        given().get("/accounts/{id}", id).then().statusCode(200)
                .body("id", equalTo(id)).body("currency", equalTo("EUR")).body("balance", equalTo(100000));
    }

    @Test
    void invalidAccountsAreRefusedWithAStableCodeAndNothingIsStored() {
        String id = prefix + "bob";
        given().contentType(ContentType.JSON).body("{\"currency\":\"euro\",\"openingBalance\":1.5}")
                .put("/accounts/{id}", id)
                .then().statusCode(422).body("code", equalTo("invalid-account"));
        given().contentType(ContentType.JSON).body("{\"currency\":\"EUR\",\"openingBalance\":-1}")
                .put("/accounts/{id}", id)
                .then().statusCode(422).body("code", equalTo("invalid-account"));
        given().contentType(ContentType.JSON).body("{not json").put("/accounts/{id}", id)
                .then().statusCode(400).body("code", equalTo("malformed-json"));
        given().get("/accounts/{id}", id).then().statusCode(404).body("code", equalTo("account-not-found"));
    }

    @Test
    void unknownTransfersAre404AndMalformedIds400() {
        given().get("/transfers/{id}", "7d1b7c1e-6f9a-4c2b-9a55-3f0f2b1f9e10")
                .then().statusCode(404).body("code", equalTo("transfer-not-found"));
        given().get("/transfers/{id}", "not-a-uuid").then().statusCode(400).body("code", equalTo("invalid-transfer-id"));
    }
}
