package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.balance;
import static io.steadfast.testing.Ledgers.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;

/** {@code POST /transfers} in the default mode (outbox): safe to retry with the same Idempotency-Key. */
@QuarkusTest
@Timeout(120)
class TransferSubmissionsTest {

    final String prefix = Ledgers.uniquePrefix();

    @Test
    void aSubmittedTransferIsAcceptedWithItsLocationAndApplied() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);

        Response response = post(UUID.randomUUID().toString(), body(prefix + "a", prefix + "b", 250));

        assertThat(response.statusCode()).isEqualTo(202);
        String transferId = response.jsonPath().getString("transferId");
        assertThat(response.header("Location")).endsWith("/transfers/" + transferId);
        assertThat(response.jsonPath().getString("status")).isEqualTo("ACCEPTED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/transfers/{id}", transferId)
                .then().statusCode(200).body("status", equalTo("APPLIED")));
        assertThat(balance(prefix + "b")).isEqualTo(250);
    }

    @Test
    void retriesWithTheSameKeyReplayTheFirstAnswerByteForByteAndApplyOnce() throws Exception {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String key = UUID.randomUUID().toString();
        String body = body(prefix + "a", prefix + "b", 100);
        // The same JSON, re-serialised by a retrying client: same request.
        String reordered = "{ \"currency\": \"EUR\", \"amount\": 100, \"to\": \"" + prefix + "b\", \"from\": \""
                + prefix + "a\" }";

        Response first = post(key, body);
        List<Response> concurrent = List.of(CompletableFuture.supplyAsync(() -> post(key, body)),
                CompletableFuture.supplyAsync(() -> post(key, reordered))).stream().map(CompletableFuture::join).toList();
        Response later = post(key, body);

        for (Response retry : List.of(concurrent.get(0), concurrent.get(1), later)) {
            assertThat(retry.statusCode()).isEqualTo(first.statusCode());
            assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
            assertThat(retry.asByteArray()).isEqualTo(first.asByteArray());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 100);
        assertThat(Sql.number("select count(*) from ledger_transfer where from_account = ?", prefix + "a"))
                .isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIs422() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String key = UUID.randomUUID().toString();
        assertThat(post(key, body(prefix + "a", prefix + "b", 100)).statusCode()).isEqualTo(202);

        Response reused = post(key, body(prefix + "a", prefix + "b", 999));

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.jsonPath().getString("code")).isEqualTo("idempotency-key-reused");
    }

    @Test
    void anExpiredKeyIsANewRequest() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String key = UUID.randomUUID().toString();
        assertThat(post(key, body(prefix + "a", prefix + "b", 100)).statusCode()).isEqualTo(202);
        Sql.execute("update steadfast_idempotency set expires_at = now() - interval '1 second'"
                + " where idempotency_key = ?", key);

        Response reused = post(key, body(prefix + "a", prefix + "b", 200));

        assertThat(reused.statusCode()).as("a different request, but the key had expired").isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 300);
    }

    @Test
    void badRequestsAreRefusedWithAStableCodeBeforeAnythingIsStored() {
        String body = body(prefix + "a", prefix + "b", 100);
        given().contentType(ContentType.JSON).body(body).post("/transfers")
                .then().statusCode(400).body("code", equalTo("idempotency-key-missing"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(256)).body(body).post("/transfers")
                .then().statusCode(400).body("code", equalTo("idempotency-key-too-long"));
        String key = UUID.randomUUID().toString();
        assertThat(post(key, body.replace("100", "-5")).statusCode()).isEqualTo(422);
        assertThat(post(key, "{\"transferId\":\"x\"," + body.substring(1)).jsonPath().getString("code"))
                .isEqualTo("invalid-transfer");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{oops").post("/transfers")
                .then().statusCode(400).body("code", equalTo("malformed-json"));
        assertThat(Sql.number("select count(*) from steadfast_idempotency where idempotency_key = ?", key)).isZero();
        assertThat(Sql.number("select count(*) from steadfast_outbox where convert_from(body, 'UTF8') like ?",
                "%" + prefix + "%")).isZero();
    }

    static Response post(String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/transfers");
    }

    static String body(String from, String to, long amount) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + ",\"currency\":\"EUR\"}";
    }
}
