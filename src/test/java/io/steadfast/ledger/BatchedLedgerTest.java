package io.steadfast.ledger;

import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
                    "steadfast.consumers.\"ledger-transfers\".concurrency", "64");
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
        DistributionSummary batches = registry.find(SteadfastMetrics.BATCH_SIZE).tag("channel", CHANNEL).summary();
        assertThat(batches).isNotNull();
        assertThat(batches.max()).as("transfers shared a transaction").isGreaterThan(1);
        assertThat(counter(SteadfastMetrics.BATCH_SPLITS) - splitsBefore).as("the invalid one split its batch")
                .isPositive();
    }

    private static String reason(String transferId) {
        return Sql.strings("select status || ' ' || reason from ledger_transfer where transfer_id = ?::uuid",
                transferId).get(0).replace("REJECTED ", "");
    }

    private double counter(String name) {
        Counter counter = registry.find(name).tag("channel", CHANNEL).counter();
        return counter == null ? 0 : counter.count();
    }
}
