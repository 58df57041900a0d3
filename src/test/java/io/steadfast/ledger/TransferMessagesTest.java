package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Operators.asViewer;
import static io.steadfast.testing.Ledgers.balance;
import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

@QuarkusTest
@Timeout(120)
class TransferMessagesTest extends BrokerClientTest {

    static final String QUEUE = "ledger.transfers";
    static final String CONSUMER = "ledger-transfers";

    private final String prefix = Ledgers.uniquePrefix();
    @Test
    void aTransferSentAsStringOrAsJsonDataIsAppliedWithADebitAndACredit() {
        openAccount(prefix + "a", "EUR", 100_000);
        openAccount(prefix + "b", "EUR", 0);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        broker.send(QUEUE, TestMessage.of("m-" + first, transfer(first, prefix + "a", prefix + "b", 2_500, "EUR")));
        broker.send(QUEUE, TestMessage.of("m-" + second, transfer(second, prefix + "a", prefix + "b", 500, "EUR"))
                .asDataSection());

        awaitStatus(first, "APPLIED");
        awaitStatus(second, "APPLIED");
        assertThat(balance(prefix + "a")).isEqualTo(97_000);
        assertThat(balance(prefix + "b")).isEqualTo(3_000);
        assertThat(Sql.number("select count(*) from ledger_entry where transfer_id = ?::uuid", first)).isEqualTo(2);
        assertThat(Sql.number("select sum(amount) from ledger_entry where transfer_id = ?::uuid", first)).isZero();
    }

    @Test
    void businessOutcomesAreRecordedAsRejectedNeverDeadLettered() {
        openAccount(prefix + "eur", "EUR", 1_000);
        openAccount(prefix + "eur2", "EUR", 0);
        openAccount(prefix + "usd", "USD", 1_000);
        String unknown = send(transfer(uuid(), prefix + "eur", prefix + "nobody", 10, "EUR"));
        String mismatch = send(transfer(uuid(), prefix + "eur", prefix + "usd", 10, "EUR"));
        String same = send(transfer(uuid(), prefix + "eur", prefix + "eur", 10, "EUR"));
        String broke = send(transfer(uuid(), prefix + "eur", prefix + "eur2", 1_001, "EUR"));

        awaitRejected(unknown, "unknown-account");
        awaitRejected(mismatch, "currency-mismatch");
        awaitRejected(same, "same-account");
        awaitRejected(broke, "insufficient-funds");
        assertThat(balance(prefix + "eur")).isEqualTo(1_000);
        assertThat(balance(prefix + "eur2")).isZero();
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id in (?, ?, ?, ?)",
                "m-" + unknown, "m-" + mismatch, "m-" + same, "m-" + broke)).isZero();
    }

    @Test
    void poisonIsDeadLetteredOnceWithItsReasonAndNothingIsApplied() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String malformed = "m-" + uuid();
        broker.send(QUEUE, TestMessage.of(malformed, "{\"transferId\": oops"));
        String malformedData = "m-" + uuid();
        broker.send(QUEUE, TestMessage.of(malformedData, "{\"transferId\": oops").asDataSection());
        String zero = "m-" + uuid();
        broker.send(QUEUE, TestMessage.of(zero, transfer(uuid(), prefix + "a", prefix + "b", 0, "EUR")));
        String quoted = "m-" + uuid();
        broker.send(QUEUE, TestMessage.of(quoted, transfer(uuid(), prefix + "a", prefix + "b", 1, "EUR")
                .replace("\"amount\":1", "\"amount\":\"1\"")));
        String fractional = "m-" + uuid();
        broker.send(QUEUE, TestMessage.of(fractional, transfer(uuid(), prefix + "a", prefix + "b", 1, "EUR")
                .replace("\"amount\":1", "\"amount\":1.5")));
        String missing = "m-" + uuid();
        broker.send(QUEUE, TestMessage.of(missing, "{\"transferId\":\"" + uuid() + "\",\"amount\":5}"));

        JsonPath entry = awaitDeadLetter(malformed);
        assertThat(entry.getString("reason")).isEqualTo("malformed");
        assertThat(entry.getInt("attempts")).isEqualTo(1);
        assertThat(entry.getString("status")).isEqualTo("PENDING");
        assertThat(entry.getString("address")).isEqualTo(QUEUE);
        assertThat(entry.getString("body")).isEqualTo("{\"transferId\": oops");
        assertThat(entry.getString("exceptionClass")).endsWith("PermanentFailure");
        JsonPath labelledJson = awaitDeadLetter(malformedData);
        assertThat(labelledJson.getString("reason")).as("not JSON, though labelled application/json")
                .isEqualTo("malformed");
        assertThat(labelledJson.getString("contentType")).isEqualTo("application/json");
        for (String invalid : new String[] { zero, quoted, fractional, missing }) {
            assertThat(awaitDeadLetter(invalid).getString("reason")).as(invalid).isEqualTo("invalid");
        }
        assertThat(awaitDeadLetter(missing).getString("exceptionMessage"))
                .contains("from is missing", "to is missing", "currency is missing");
        assertThat(balance(prefix + "a")).isEqualTo(1_000);
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id = ?", malformed))
                .isEqualTo(1);
    }

    @Test
    void aMessageWithoutIdIsDeadLetteredNeverProcessedBlindly() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String transferId = uuid();
        broker.send(QUEUE, TestMessage.of(null, transfer(transferId, prefix + "a", prefix + "b", 100, "EUR")));

        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.number(
                "select count(*) from steadfast_dead_letter where reason = 'missing-message-id' and body = ?",
                transfer(transferId, prefix + "a", prefix + "b", 100, "EUR").getBytes()) == 1);
        given().get("/transfers/{id}", transferId).then().statusCode(404);
        assertThat(balance(prefix + "a")).isEqualTo(1_000);
    }

    private String send(String body) {
        String transferId = JsonPath.from(body).getString("transferId");
        broker.send(QUEUE, TestMessage.of("m-" + transferId, body));
        return transferId;
    }

    static JsonPath awaitDeadLetter(String messageId) {
        long id = await().atMost(Duration.ofSeconds(30)).until(() -> Sql.number(
                "select coalesce(max(id), 0) from steadfast_dead_letter where message_id = ?", messageId), n -> n > 0);
        return asViewer().get("/dead-letters/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    static void awaitStatus(String transferId, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/transfers/{id}", transferId)
                .then().statusCode(200).body("status", equalTo(status)));
    }

    private static void awaitRejected(String transferId, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/transfers/{id}", transferId)
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("reason", equalTo(reason)));
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
