package io.steadfast.ledger;

import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/**
 * The ledger's invariants (every test of {@link ExactlyOnceLedgerTest}) with up to 32 transfers per transaction
 * through the set-based batch path, and every business outcome of a batch as the single-message path decides it.
 */
@QuarkusTest
@TestProfile(BatchedLedgerTest.Batched.class)
class BatchedLedgerTest extends ExactlyOnceLedgerTest {

    public static class Batched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("steadfast.consumers.\"ledger-transfers\".batch.size", "32",
                    "steadfast.consumers.\"ledger-transfers\".batch.max-wait", "20ms",
                    "steadfast.consumers.\"ledger-transfers\".concurrency", "64",
                    "steadfast.consumers.\"" + NotificationHandler.CHANNEL + "\".batch.size", "16",
                    "steadfast.consumers.\"" + NotificationHandler.CHANNEL + "\".batch.max-wait", "20ms");
        }
    }

    @Test
    @Timeout(120)
    void aBatchDecidesEveryOutcomeAsTransfersOneAtATimeWould() {
        String prefix = Ledgers.uniquePrefix();
        String a = prefix + "a";
        String b = prefix + "b";
        String dollars = prefix + "usd";
        openAccount(a, "EUR", 1_000);
        openAccount(b, "EUR", 0);
        openAccount(dollars, "USD", 1_000);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String sameAccount = UUID.randomUUID().toString();
        String unknown = UUID.randomUUID().toString();
        String mismatch = UUID.randomUUID().toString();
        String twice = UUID.randomUUID().toString();
        String invalid = "m-invalid-" + prefix;
        double splitsBefore = counter(SteadfastMetrics.BATCH_SPLITS);
        double batchedBefore = batched();
        double duplicatesBefore = counter(SteadfastMetrics.DUPLICATES);

        TestMessage twiceMessage = TestMessage.of("m-" + twice, transfer(twice, a, b, 100, "EUR"));
        broker.sendAll(QUEUE, List.of(
                TestMessage.of("m-" + first, transfer(first, a, b, 600, "EUR")),
                TestMessage.of("m-" + second, transfer(second, a, b, 600, "EUR")),
                TestMessage.of("m-" + sameAccount, transfer(sameAccount, a, a, 1, "EUR")),
                TestMessage.of(invalid, "{\"transferId\":\"not-a-uuid\",\"amount\":-5}"),
                TestMessage.of("m-" + unknown, transfer(unknown, a, prefix + "nobody", 1, "EUR")),
                TestMessage.of("m-" + mismatch, transfer(mismatch, a, dollars, 1, "EUR")),
                twiceMessage,
                TestMessage.of("m-again-" + twice, transfer(twice, a, b, 100, "EUR")),
                twiceMessage));

        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number("select count(*) from ledger_transfer"
                + " where transfer_id in (?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::uuid)", first, second,
                sameAccount, unknown, mismatch, twice) == 6);
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number(
                "select count(*) from steadfast_dead_letter where message_id = ?", invalid) == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> counter(SteadfastMetrics.DUPLICATES) - duplicatesBefore
                == 1);

        assertThat(Sql.strings("select status || ' ' || coalesce(reason, '') from ledger_transfer"
                + " where transfer_id in (?::uuid, ?::uuid) order by status", first, second))
                .as("one of the two 600s fits, the other does not").containsExactly("APPLIED ", "REJECTED "
                        + Ledger.INSUFFICIENT_FUNDS);
        assertThat(reason(sameAccount)).isEqualTo(Ledger.SAME_ACCOUNT);
        assertThat(reason(unknown)).isEqualTo(Ledger.UNKNOWN_ACCOUNT);
        assertThat(reason(mismatch)).isEqualTo(Ledger.CURRENCY_MISMATCH);
        assertThat(Sql.strings("select status from ledger_transfer where transfer_id = ?::uuid", twice))
                .as("one transfer under two message ids").containsExactly("APPLIED");
        assertThat(Ledgers.balance(a)).isEqualTo(1_000 - 600 - 100);
        assertThat(Ledgers.balance(b)).isEqualTo(600 + 100);
        assertThat(Ledgers.balance(dollars)).isEqualTo(1_000);
        assertThat(Sql.number("select count(*) from ledger_entry where account_id in (?, ?)", a, b)).isEqualTo(4);
        assertThat(Sql.strings("select reason from steadfast_dead_letter where message_id = ?", invalid))
                .containsExactly("invalid");
        assertThat(Sql.number("select count(*) from steadfast_outbox where partition_key in (?, ?, ?, ?, ?, ?)",
                first, second, sameAccount, unknown, mismatch, twice)).as("one event per transfer").isEqualTo(6);
        // Only batches that commit are counted: were the set-based path to fail every time, each transfer would be
        // split off and decided alone, with the same outcomes as above, and this would stay 0.
        assertThat(batched() - batchedBefore).as("transfers committed together through the batch path")
                .isGreaterThanOrEqualTo(2);
        assertThat(counter(SteadfastMetrics.BATCH_SPLITS) - splitsBefore).as("the invalid one split its batch")
                .isPositive();
    }

    @Test
    @Timeout(120)
    void theNotifierRecordsABatchOfEventsOnceEachAndDeadLettersTheUnreadableOne() {
        List<String> transferIds = new ArrayList<>();
        List<TestMessage> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String transferId = UUID.randomUUID().toString();
            transferIds.add(transferId);
            events.add(event("e-" + transferId, i % 2 == 0 ? "TransferApplied" : "TransferRejected", transferId));
        }
        String unreadable = "e-unreadable-" + UUID.randomUUID();
        events.add(20, event(unreadable, "TransferApplied", "not-a-uuid"));
        // A second copy of an event is recognised, whichever transaction the first lands in.
        events.add(event("e-" + transferIds.get(3), "TransferRejected", transferIds.get(3)));
        double batchedBefore = batched(NotificationHandler.CHANNEL);

        broker.sendAll(Ledger.EVENTS, events);

        String ids = String.join(",", transferIds);
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number("select count(*) from ledger_notification"
                + " where transfer_id = any(cast(string_to_array(?, ',') as uuid[]))", ids) == 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number(
                "select count(*) from steadfast_dead_letter where message_id = ?", unreadable) == 1);
        assertThat(Sql.strings("select event_type from ledger_notification where transfer_id = ?::uuid",
                transferIds.get(3))).containsExactly("TransferRejected");
        assertThat(Sql.strings("select reason from steadfast_dead_letter where message_id = ?", unreadable))
                .containsExactly("invalid");
        assertThat(batched(NotificationHandler.CHANNEL) - batchedBefore)
                .as("events recorded together through the notifier's batch path").isGreaterThanOrEqualTo(2);
    }

    private static TestMessage event(String messageId, String type, String transferId) {
        return TestMessage.of(messageId, "{\"type\":\"" + type + "\",\"transferId\":\"" + transferId + "\"}")
                .asDataSection();
    }

    private static String reason(String transferId) {
        return Sql.strings("select status || ' ' || reason from ledger_transfer where transfer_id = ?::uuid",
                transferId).get(0).replace("REJECTED ", "");
    }

    /** Deliveries committed by batch transactions so far. */
    private double batched() {
        return batched(CHANNEL);
    }

    private double batched(String channel) {
        DistributionSummary batches = registry.find(SteadfastMetrics.BATCH_SIZE).tag("channel", channel).summary();
        return batches == null ? 0 : batches.totalAmount();
    }

    private double counter(String name) {
        Counter counter = registry.find(name).tag("channel", CHANNEL).counter();
        return counter == null ? 0 : counter.count();
    }
}
