package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.balance;
import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/**
 * An attempt's start note costs it no round trip of its own: the note's statement runs while the attempt's
 * transaction opens, and the handler waits for the note to commit. Shown with the note held up by the test (an
 * uncommitted row with the note's key): the attempt's transaction is already open meanwhile, nothing is applied,
 * and once the test lets go, the transfer is applied once and its notes are gone.
 */
@QuarkusTest
@Timeout(90)
class AttemptNoteOverlapTest extends BrokerClientTest {

    private static final String CONSUMER = "ledger-transfers";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String prefix = Ledgers.uniquePrefix();

    @Test
    void theTransactionOpensWhileTheNoteIsOnItsWayAndTheHandlerWaitsForTheNote() throws Exception {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String transferId = UUID.randomUUID().toString();
        String messageId = "m-" + transferId;

        try (Connection holder = Sql.connection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement hold = holder.prepareStatement(
                    "insert into steadfast_attempt (consumer, message_id) values (?, ?)")) {
                hold.setString(1, CONSUMER);
                hold.setString(2, messageId);
                hold.executeUpdate();
            }
            long holderPid = pid(holder);

            broker.send(TransferMessagesTest.QUEUE, TestMessage.of(messageId,
                    transfer(transferId, prefix + "a", prefix + "b", 400, "EUR")));

            // The note waits on the test's row; the attempt's transaction is open beside it, its BEGIN done and
            // nothing after it for over a second (the scheduled jobs' transactions are open for milliseconds).
            await().atMost(WAIT).until(() -> Sql.number("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and pid <> ? and wait_event_type = 'Lock'"
                    + " and query like '%steadfast_attempt%'", holderPid) == 1);
            await().atMost(WAIT).until(() -> Sql.number("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and pid <> ? and state = 'idle in transaction'"
                    + " and upper(query) like 'BEGIN%' and state_change < clock_timestamp() - interval '1 second'",
                    holderPid) >= 1);
            given().get("/transfers/{id}", transferId).then().statusCode(404);
            assertThat(Sql.number("select count(*) from steadfast_inbox where consumer = ? and message_id = ?",
                    CONSUMER, messageId)).as("nothing claimed before the note").isZero();

            holder.rollback();
        }

        await().atMost(WAIT).untilAsserted(() -> given().get("/transfers/{id}", transferId)
                .then().statusCode(200).body("status", equalTo("APPLIED")));
        assertThat(balance(prefix + "a")).isEqualTo(600);
        assertThat(balance(prefix + "b")).isEqualTo(400);
        assertThat(Sql.number("select count(*) from steadfast_inbox where consumer = ? and message_id = ?",
                CONSUMER, messageId)).isEqualTo(1);
        assertThat(Sql.number("select count(*) from steadfast_attempt where consumer = ? and message_id = ?",
                CONSUMER, messageId)).as("the claim forgot the note").isZero();
    }

    private static long pid(Connection connection) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("select pg_backend_pid()");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
