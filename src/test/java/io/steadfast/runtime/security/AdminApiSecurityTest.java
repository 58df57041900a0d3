package io.steadfast.runtime.security;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Operators.asAdmin;
import static io.steadfast.testing.Operators.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Operators;
import io.steadfast.testing.ScriptedConsumer;
import io.steadfast.testing.ScriptedHandler;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/**
 * The admin API with the test profile's configured users: no credentials or wrong ones get 401, a viewer reads but
 * cannot replay or discard (403), an admin can; every refusal is JSON and changes nothing.
 */
@QuarkusTest
@Timeout(120)
class AdminApiSecurityTest extends BrokerClientTest {

    @Test
    void withoutCredentialsTheAdminApiAnswers401InJsonAndTheEntryIsUntouched() {
        long entry = poisonedEntry();

        for (Response response : List.of(given().get("/dead-letters"), given().get("/dead-letters/{id}", entry),
                given().post("/dead-letters/{id}/replay", entry), given().post("/dead-letters/{id}/discard", entry))) {
            assertRefused(response, 401, "unauthenticated");
            assertThat(response.headers().getValues("WWW-Authenticate"))
                    .contains("Bearer", "Basic realm=\"steadfast\"");
        }
        assertThat(status(entry)).isEqualTo("PENDING");
    }

    @Test
    void wrongCredentialsAre401NotAnAnonymousRead() {
        long entry = poisonedEntry();

        assertRefused(given().auth().preemptive().basic(Operators.ADMIN, "not-the-password")
                .post("/dead-letters/{id}/discard", entry), 401, "unauthenticated");
        assertRefused(given().auth().preemptive().basic("nobody", "nothing").get("/dead-letters"), 401,
                "unauthenticated");
        assertThat(status(entry)).isEqualTo("PENDING");
    }

    @Test
    void aViewerReadsButCannotReplayOrDiscard() {
        long entry = poisonedEntry();

        asViewer().get("/dead-letters?consumer={c}&status=PENDING&size=1", ScriptedConsumer.CHANNEL).then()
                .statusCode(200).body("total", greaterThan(0)).body("items[0].consumer",
                        equalTo(ScriptedConsumer.CHANNEL));
        asViewer().get("/dead-letters/{id}", entry).then().statusCode(200).body("status", equalTo("PENDING"));
        assertRefused(asViewer().post("/dead-letters/{id}/replay", entry), 403, "forbidden");
        assertRefused(asViewer().post("/dead-letters/{id}/discard", entry), 403, "forbidden");

        assertThat(status(entry)).isEqualTo("PENDING");
        assertThat(Sql.number("select replay_count from steadfast_dead_letter where id = ?", entry)).isZero();
    }

    @Test
    void anAdminDiscards() {
        long entry = poisonedEntry();

        asAdmin().post("/dead-letters/{id}/discard", entry).then().statusCode(200)
                .body("status", equalTo("DISCARDED"));
        assertThat(status(entry)).isEqualTo("DISCARDED");
    }

    @Test
    void bulkDiscardByReasonIsForAdminsAndTakesOnlyThatReason() {
        long entry = poisonedEntry();
        long other = poisonedEntry();
        String reason = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        Sql.execute("update steadfast_dead_letter set reason = ? where id = ?", reason, entry);

        assertRefused(asViewer().post("/dead-letters/discard?reason={r}", reason), 403, "forbidden");
        assertThat(status(entry)).isEqualTo("PENDING");
        asAdmin().post("/dead-letters/discard?reason={r}", reason).then().statusCode(200).body("done", equalTo(1));
        assertThat(status(entry)).isEqualTo("DISCARDED");
        assertThat(status(other)).isEqualTo("PENDING");
    }

    @Test
    void theLedgerApiStaysOpenToItsClients() {
        given().get("/transfers/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("transfer-not-found"));
    }

    /** The body is exactly {code, message}: no stack trace, no exception class, no configuration. */
    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        Map<String, Object> body = response.jsonPath().getMap("");
        assertThat(body).containsOnlyKeys("code", "message").containsEntry("code", code);
    }

    private long poisonedEntry() {
        String id = "sec-" + UUID.randomUUID();
        ScriptedHandler.POISONED.add(id);
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, "{}"));
        return await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number(
                "select coalesce(max(id), 0) from steadfast_dead_letter where message_id = ?", id), n -> n > 0);
    }

    private static String status(long entry) {
        return Sql.strings("select status from steadfast_dead_letter where id = ?", entry).get(0);
    }
}
