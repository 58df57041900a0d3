package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.balance;
import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.Brokers;

/**
 * The inbox in generations: a copy of a message is still a duplicate after a new generation started, expired
 * generations leave as whole partitions, and a claim racing a claim of the previous generation waits for it. Time is
 * moved by back-dating the generations' start, then asking PostgreSQL to rotate with a one-hour retention.
 */
@QuarkusTest
@Timeout(120)
class InboxRetentionTest extends BrokerClientTest {

    /** Metrics are served on the management interface, not the public port. */
    @TestHTTPResource(value = "metrics", management = true)
    URL metricsUrl;


    private static final String QUEUE = "ledger.transfers";
    private final String prefix = Ledgers.uniquePrefix();

    @Test
    void aCopyArrivingAfterANewGenerationStartedIsADuplicateAndAnExpiredGenerationIsDropped() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String messageId = "m-" + UUID.randomUUID();
        broker.send(QUEUE, TestMessage.of(messageId, transfer(UUID.randomUUID().toString(), prefix + "a",
                prefix + "b", 100, "EUR")));
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 100);
        long first = generationOf(messageId);

        assertThat(ageGenerationsAndRotate()).contains("started generation " + (first + 1));
        // The same message id with another transfer in it: applied only if the inbox forgot the message.
        String other = UUID.randomUUID().toString();
        broker.send(QUEUE, TestMessage.of(messageId, transfer(other, prefix + "a", prefix + "b", 100, "EUR")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Brokers.depth(QUEUE) == 0);

        assertThat(balance(prefix + "b")).isEqualTo(100);
        assertThat(Sql.number("select count(*) from ledger_transfer where transfer_id = ?::uuid", other)).isZero();
        assertThat(Sql.number("select count(*) from steadfast_inbox where message_id = ?", messageId)).isEqualTo(1);

        assertThat(ageGenerationsAndRotate()).contains("started generation " + (first + 2),
                "dropped generation " + first);
        assertThat(Sql.strings("select coalesce(to_regclass('steadfast_inbox_g' || ?)::text, 'gone')", first))
                .containsExactly("gone");
        assertThat(Sql.number("select count(*) from steadfast_inbox where message_id = ?", messageId)).isZero();
        assertThat(Sql.number("select count(*) from steadfast_inbox_generation where generation <= ?", first))
                .isZero();
    }

    @Test
    void aClaimOfTheSameMessageInTheNextGenerationWaitsForTheClaimInFlightAndSeesIt() throws Exception {
        String messageId = prefix + "race";
        try (Connection before = Sql.connection(); Connection after = Sql.connection()) {
            before.setAutoCommit(false);
            after.setAutoCommit(false);
            assertThat(claim(before, messageId)).isTrue();
            ageGenerationsAndRotate();

            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> claim(after, messageId));
            await().atMost(Duration.ofSeconds(10)).until(() -> Sql.number(
                    "select count(*) from pg_locks where locktype = 'advisory' and not granted") > 0);
            assertThat(waiting).isNotDone();
            before.commit();

            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("claimed again in the new generation").isFalse();
            after.commit();
        }
        assertThat(Sql.number("select count(*) from steadfast_inbox where message_id = ?", messageId)).isEqualTo(1);
    }

    @Test
    void aClaimWritesToOneIndexOnly() {
        ageGenerationsAndRotate();
        assertThat(Sql.strings("select indexdef from pg_indexes where tablename = 'steadfast_inbox_g'"
                + " || (select max(generation) from steadfast_inbox_generation)"))
                .as("the current generation's indexes").singleElement().asString()
                .contains("UNIQUE INDEX", "(consumer, message_id, generation)");
    }

    @Test
    void theGenerationsKeptAndTheAgeOfTheOldestArePublished() {
        String metrics = given().get(metricsUrl).asString();
        assertThat(sample(metrics, "steadfast_inbox_generations")).as("generations kept, as of the last rotation")
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(metrics, "steadfast_inbox_oldest_generation_age_seconds")).isGreaterThanOrEqualTo(0);
    }

    private static double sample(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(name + " is not published"));
    }

    private static long generationOf(String messageId) {
        return Sql.number("select generation from steadfast_inbox where message_id = ?", messageId);
    }

    /** Makes every generation look older than an hour, then rotates with a one-hour retention. */
    private static List<String> ageGenerationsAndRotate() {
        Sql.execute("update steadfast_inbox_generation set started_at = started_at - interval '2 hours'");
        // As the service's role, which may not create or drop tables itself: the function runs as the owner.
        return Sql.stringsAs(TestDatabase.RUNTIME_ROLE, "select steadfast_inbox_rotate(interval '1 hour')");
    }

    /** The runtime's claim (PostgresInbox), in the connection's transaction. */
    private static boolean claim(Connection connection, String messageId) {
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into steadfast_inbox (consumer, message_id, generation) select ?, ?, generation"
                        + " from steadfast_inbox_claim_generation(?, ?) generation on conflict do nothing")) {
            statement.setString(1, "inbox-retention-test");
            statement.setString(2, messageId);
            statement.setString(3, "inbox-retention-test");
            statement.setString(4, messageId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
