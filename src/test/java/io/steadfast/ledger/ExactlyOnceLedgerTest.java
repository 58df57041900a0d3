package io.steadfast.ledger;

import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.runtime.transport.amqp.EmbeddedBrokerLifecycle;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.CutAfterCommit;
import io.steadfast.testing.Faults;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/** The ledger's invariants under at-least-once delivery: every transfer once, money conserved. */
@QuarkusTest
class ExactlyOnceLedgerTest extends BrokerClientTest {

    static final String QUEUE = "ledger.transfers";
    static final String CHANNEL = "ledger-transfers";
    static final long OPENING = 1_000_000;

    @Inject
    MeterRegistry registry;

    @Inject
    EmbeddedBrokerLifecycle embedded;

    private final String prefix = Ledgers.uniquePrefix();
    private final Random random = new Random(42);
    @Test
    @Timeout(600)
    void tenThousandTransfersWithAFifthRedeliveredAreEachAppliedOnce() {
        List<String> accounts = openAccounts(50);
        List<TestMessage> messages = new ArrayList<>();
        int redeliveries = 0;
        for (int i = 0; i < 10_000; i++) {
            TestMessage message = randomTransfer(accounts);
            messages.add(message);
            if (i % 5 == 0) {
                int copies = 1 + random.nextInt(2);
                redeliveries += copies;
                for (int c = 0; c < copies; c++) {
                    messages.add(message);
                }
            }
        }
        Collections.shuffle(messages, random);
        double duplicatesBefore = counter("steadfast.inbox.duplicates.total");

        broker.sendAll(QUEUE, messages);

        awaitDecided(10_000, Duration.ofMinutes(8));
        awaitQueueSettled();
        assertLedgerConsistent(accounts);
        assertThat(counter("steadfast.inbox.duplicates.total") - duplicatesBefore)
                .as("every redelivery recognised by the inbox").isEqualTo(redeliveries);
        // Each decided transfer announced through the outbox and notified exactly once.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> Sql.number(
                "select count(*) from ledger_notification n join ledger_transfer t using (transfer_id)"
                        + " where t.from_account like ? and n.status = 'DONE'", prefix + "%") == 10_000);
        assertThat(deadLetters()).isZero();
    }

    @Test
    @Timeout(300)
    void concurrentTransfersOverTheSameAccountsNeverLoseAnUpdate() {
        List<String> accounts = openAccounts(2);
        List<TestMessage> messages = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String from = accounts.get(i % 2);
            String to = accounts.get((i + 1) % 2);
            String id = UUID.randomUUID().toString();
            messages.add(TestMessage.of("m-" + id, transfer(id, from, to, 1 + i, "EUR")));
        }

        broker.sendAll(QUEUE, messages);

        awaitDecided(400, Duration.ofMinutes(2));
        assertLedgerConsistent(accounts);
        long expected = 0;
        for (int i = 0; i < 400; i++) {
            expected += (i % 2 == 0 ? -1 : 1) * (1 + i);
        }
        assertThat(Ledgers.balance(accounts.get(0))).isEqualTo(OPENING + expected);
    }

    @Test
    @Timeout(120)
    void aCommitWhoseAcceptNeverReachedTheBrokerIsRedeliveredAndSkipped() {
        List<String> accounts = openAccounts(2);
        String transferId = UUID.randomUUID().toString();
        String messageId = "m-" + transferId;
        double duplicatesBefore = counter("steadfast.inbox.duplicates.total");
        CutAfterCommit.arm(messageId);

        broker.send(QUEUE, TestMessage.of(messageId, transfer(transferId, accounts.get(0), accounts.get(1), 700, "EUR")));

        await().atMost(Duration.ofSeconds(60)).until(
                () -> counter("steadfast.inbox.duplicates.total") - duplicatesBefore == 1);
        awaitQueueSettled();
        assertThat(Ledgers.balance(accounts.get(0))).isEqualTo(OPENING - 700);
        assertThat(Ledgers.balance(accounts.get(1))).isEqualTo(OPENING + 700);
        assertThat(Sql.number("select count(*) from ledger_entry where transfer_id = ?::uuid", transferId)).isEqualTo(2);
    }

    @Test
    @Timeout(300)
    void aDatabaseOutageUnderLoadIsWaitedOutWithoutDeadLetters() {
        List<String> accounts = openAccounts(20);
        List<TestMessage> before = new ArrayList<>();
        List<TestMessage> during = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            (i < 1_000 ? before : during).add(randomTransfer(accounts));
        }
        broker.sendAll(QUEUE, before);
        await().atMost(Duration.ofSeconds(60)).until(() -> decided() >= 100);

        Faults.databaseDown();
        try {
            // Sent after the cut, so that work is in flight to notice the outage however fast the first batch went.
            broker.sendAll(QUEUE, during);
            await().atMost(Duration.ofSeconds(30)).until(() -> paused() == 1);
            // For 20 s the consumer stays paused and nothing is dead-lettered.
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25))
                    .until(() -> paused() == 1 && deadLetters() == 0);
        } finally {
            Faults.databaseUp();
        }

        awaitDecided(1_500, Duration.ofMinutes(3));
        awaitQueueSettled();
        assertThat(paused()).isZero();
        assertThat(deadLetters()).isZero();
        assertLedgerConsistent(accounts);
    }

    private List<String> openAccounts(int count) {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            openAccount(id, "EUR", OPENING);
            accounts.add(id);
        }
        return accounts;
    }

    private TestMessage randomTransfer(List<String> accounts) {
        int from = random.nextInt(accounts.size());
        int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
        String id = UUID.randomUUID().toString();
        return TestMessage.of("m-" + id, transfer(id, accounts.get(from), accounts.get(to), 1 + random.nextInt(5_000),
                "EUR"));
    }

    private long decided() {
        return Sql.number("select count(*) from ledger_transfer where from_account like ?", prefix + "%");
    }

    private long deadLetters() {
        return Sql.number("select count(*) from steadfast_dead_letter where consumer = ? and body::text like ?",
                CHANNEL, "%" + hex(prefix) + "%");
    }

    private void awaitDecided(long expected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> decided() == expected);
    }

    private void awaitQueueSettled() {
        await().atMost(Duration.ofSeconds(60)).until(() -> embedded.broker().messageCount(QUEUE)
                + embedded.broker().deliveringCount(QUEUE) == 0);
    }

    /** Money is conserved, each applied transfer has exactly one debit and one credit, balances match entries. */
    private void assertLedgerConsistent(List<String> accounts) {
        String like = prefix + "%";
        assertThat(Sql.number("select sum(balance) from ledger_account where id like ?", like))
                .isEqualTo(OPENING * accounts.size());
        long applied = Sql.number("select count(*) from ledger_transfer where from_account like ? and status = 'APPLIED'",
                like);
        assertThat(Sql.number("select count(*) from ledger_entry where account_id like ?", like)).isEqualTo(2 * applied);
        assertThat(Sql.number("select count(*) from (select transfer_id from ledger_entry where account_id like ?"
                + " group by transfer_id having count(*) <> 2 or sum(amount) <> 0) broken", like)).isZero();
        assertThat(Sql.number("select count(*) from ledger_account a where id like ? and balance <> opening_balance"
                + " + coalesce((select sum(amount) from ledger_entry e where e.account_id = a.id), 0)", like)).isZero();
    }

    private double counter(String name) {
        Counter counter = registry.find(name).tag("channel", CHANNEL).counter();
        return counter == null ? 0 : counter.count();
    }

    private double paused() {
        Gauge gauge = registry.find("steadfast.consumer.paused").tag("channel", CHANNEL).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes()) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
