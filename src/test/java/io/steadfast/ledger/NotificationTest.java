package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.FailBeforeMark;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/** The notifier: one notification per decided transfer, whatever the broker or the relay repeats. */
@QuarkusTest
@Timeout(120)
class NotificationTest extends BrokerClientTest {

    @Inject
    MeterRegistry registry;

    private final String prefix = Ledgers.uniquePrefix();
    @BeforeEach
    void openAccounts() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
    }

    @Test
    void everyDecidedTransferGetsOneNotificationThatEndsDone() {
        String applied = send(100);
        String rejected = send(5_000);

        awaitDone(applied, "TransferApplied");
        awaitDone(rejected, "TransferRejected");
        assertThat(notifications(applied)).isEqualTo(1);
        assertThat(notifications(rejected)).isEqualTo(1);
    }

    @Test
    void aRelayReSendOfTheEventNeverProducesASecondNotification() {
        double duplicatesBefore = duplicates();
        String transferId = UUID.randomUUID().toString();
        FailBeforeMark.arm(transferId);

        broker.send("ledger.transfers", TestMessage.of("m-" + transferId,
                transfer(transferId, prefix + "a", prefix + "b", 100, "EUR")));

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() - duplicatesBefore == 1);
        awaitDone(transferId, "TransferApplied");
        assertThat(notifications(transferId)).isEqualTo(1);
    }

    @Test
    void aBrokerSideDuplicateOfTheEventNeverProducesASecondNotification() {
        double duplicatesBefore = duplicates();
        String transferId = UUID.randomUUID().toString();
        TestMessage event = TestMessage.of("e-" + transferId,
                "{\"type\":\"TransferApplied\",\"transferId\":\"" + transferId + "\"}").asDataSection();

        broker.send("ledger.transfer-events", event);
        broker.send("ledger.transfer-events", event);

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() - duplicatesBefore == 1);
        awaitDone(transferId, "TransferApplied");
        assertThat(notifications(transferId)).isEqualTo(1);
    }

    private String send(long amount) {
        String transferId = UUID.randomUUID().toString();
        broker.send("ledger.transfers", TestMessage.of("m-" + transferId,
                transfer(transferId, prefix + "a", prefix + "b", amount, "EUR")));
        return transferId;
    }

    private static void awaitDone(String transferId, String type) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/notifications/{id}", transferId)
                .then().statusCode(200).body("type", equalTo(type)).body("status", equalTo("DONE"))
                .body("doneAt", notNullValue()));
    }

    private static long notifications(String transferId) {
        return Sql.number("select count(*) from ledger_notification where transfer_id = ?::uuid", transferId);
    }

    private double duplicates() {
        Counter counter = registry.find("steadfast.inbox.duplicates.total").tag("channel", NotificationHandler.CHANNEL)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
