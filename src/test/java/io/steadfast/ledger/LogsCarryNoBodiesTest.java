package io.steadfast.ledger;

import static io.steadfast.testing.Ledgers.balance;
import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.runtime.observability.MessageLogFields;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.LogRecorder;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.Brokers;

/**
 * Logs carry no message bodies at INFO and above: poison whose body ends up in the failure's own message (a parser's
 * complaint quoting the token, a validation naming the field) is dead-lettered with that detail, and the log says
 * what happened without repeating it.
 */
@QuarkusTest
@Timeout(120)
class LogsCarryNoBodiesTest extends BrokerClientTest {

    private static final String QUEUE = "ledger.transfers";

    private final String prefix = Ledgers.uniquePrefix();
    private LogRecorder recorder;

    @BeforeEach
    void listen() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        recorder = LogRecorder.start(Level.INFO);
    }

    @AfterEach
    void stopListening() {
        recorder.close();
    }

    @Test
    void poisonIsDeadLetteredWithItsDetailWhileTheLogLeavesTheBodyOut() {
        String marker = "Secret" + UUID.randomUUID().toString().replace("-", "");
        String malformed = send("{\"transferId\": " + marker + "-token, \"amount\": 1}");
        String badCurrency = send(transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b", 1,
                marker + "-currency"));
        String badAccount = send(transfer(UUID.randomUUID().toString(), prefix + "a", marker + "-" + "x".repeat(120),
                1, "EUR"));
        // A field the ledger does not know is tolerated on the queue: applied, and not logged either.
        send(transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b", 1, "EUR")
                .replace("}", ",\"" + marker + "-field\":1}"));
        send(transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b", 7, "EUR"));

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 8);
        for (String id : List.of(malformed, badCurrency, badAccount)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Sql.number(
                    "select count(*) from steadfast_dead_letter where message_id = ?", id) == 1);
            assertThat(Sql.strings("select convert_from(body, 'UTF8') from steadfast_dead_letter where message_id = ?",
                    id).get(0)).as("kept whole").contains(marker);
        }
        assertThat(Sql.strings("select exception_message from steadfast_dead_letter where message_id = ?",
                badCurrency).get(0)).as("the entry keeps the detail").contains(marker + "-currency");
        await().atMost(Duration.ofSeconds(30)).until(() -> Brokers.depth(QUEUE) == 0);

        List<String> lines = recorder.lines();
        assertThat(lines).as("each dead-lettering was logged")
                .anySatisfy(line -> assertThat(line).contains("Dead-lettered message " + malformed + " ")
                        .contains(": malformed (io.steadfast.runtime.recoverability.PermanentFailure;"))
                .anySatisfy(line -> assertThat(line).contains("Dead-lettered message " + badCurrency + " "))
                .anySatisfy(line -> assertThat(line).contains("Dead-lettered message " + badAccount + " "));
        assertThat(lines).as("log lines at INFO and above").noneSatisfy(line -> assertThat(line).contains(marker));
        assertThat(recorder.entries()).as("the dead-lettering's fields (JSON logs show them)")
                .filteredOn(entry -> entry.line().contains("Dead-lettered message " + malformed + " "))
                .singleElement().satisfies(entry -> assertThat(entry.mdc())
                        .containsEntry(MessageLogFields.CHANNEL, "ledger-transfers")
                        .containsEntry(MessageLogFields.MESSAGE_ID, malformed)
                        .containsEntry(MessageLogFields.ATTEMPT, "1"));
        assertThat(recorder.entries()).as("fields of lines at INFO and above")
                .noneSatisfy(entry -> assertThat(entry.mdc().toString()).contains(marker));
    }

    private String send(String body) {
        String id = "m-" + UUID.randomUUID();
        broker.send(QUEUE, TestMessage.of(id, body).asDataSection());
        return id;
    }
}
