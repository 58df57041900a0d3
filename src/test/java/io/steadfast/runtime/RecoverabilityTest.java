package io.steadfast.runtime;

import static io.steadfast.testing.Operators.asAdmin;
import static io.steadfast.testing.Operators.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.steadfast.runtime.transport.amqp.EmbeddedBrokerLifecycle;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.ScriptedConsumer;
import io.steadfast.testing.ScriptedHandler;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/**
 * The scripted handler's channel has an attempt budget of 7 and, through the standard Fault Tolerance key,
 * 2 immediate retries per delivery (its annotation says 3).
 */
@QuarkusTest
@Timeout(120)
class RecoverabilityTest extends BrokerClientTest {

    private static final String CHANNEL = ScriptedConsumer.CHANNEL;

    @Inject
    MeterRegistry registry;

    @Inject
    EmbeddedBrokerLifecycle embedded;

    @Test
    void aHandlerFailingTransientlyTwiceIsAppliedOnceWithoutDeadLetter() {
        String id = newId();
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, "{\"failures\":2}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) == 1);
        awaitQueueSettled();
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(3);
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id = ?", id)).isZero();
        assertThat(Sql.number("select count(*) from steadfast_attempt where message_id = ?", id))
                .as("a processed message leaves no attempt count behind").isZero();
    }

    @Test
    void aHandlerThatAlwaysFailsIsDeadLetteredAfterExactlyTheBudget() {
        double delayedBefore = delayedRetries();
        String id = newId();
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, "{\"failures\":1000}"));

        JsonPath entry = awaitDeadLetter(id);
        awaitQueueSettled();
        assertThat(entry.getString("reason")).isEqualTo("attempts-exhausted");
        assertThat(entry.getInt("attempts")).isEqualTo(7);
        assertThat(entry.getString("exceptionClass")).isEqualTo(IllegalStateException.class.getName());
        assertThat(entry.getString("exceptionMessage")).isEqualTo("Scripted failure 7 of " + id);
        assertThat(Instant.parse(entry.getString("firstFailureAt")))
                .isBefore(Instant.parse(entry.getString("lastFailureAt")));
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(7);
        // 2 immediate retries (the configured override) make 3 attempts per delivery: 3 + 3 + 1.
        assertThat(delayedRetries() - delayedBefore).isEqualTo(2.0);
        assertThat(effects(id)).isZero();
    }

    @Test
    void poisonIsDeadLetteredOnceAndAReplaySendsItOnce() {
        String id = newId();
        ScriptedHandler.POISONED.add(id);
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, "{}"));
        JsonPath entry = awaitDeadLetter(id);
        assertThat(entry.getString("reason")).isEqualTo("poisoned");
        assertThat(entry.getInt("attempts")).as("a permanent failure skips retries").isEqualTo(1);
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(1);
        asViewer().get("/dead-letters?consumer={c}&reason=poisoned&status=PENDING&size=200", CHANNEL)
                .then().statusCode(200).body("items.messageId", hasItem(id));

        ScriptedHandler.POISONED.remove(id);
        double duplicatesBefore = counter("steadfast.inbox.duplicates.total");
        long entryId = entry.getLong("id");
        asAdmin().post("/dead-letters/{id}/replay", entryId).then().statusCode(202)
                .body("status", equalTo("REPLAYED")).body("replayCount", equalTo(1));
        asAdmin().post("/dead-letters/{id}/replay", entryId).then().statusCode(200)
                .body("status", equalTo("REPLAYED")).body("replayCount", equalTo(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) == 1);
        awaitQueueSettled();
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(2);
        assertThat(counter("steadfast.inbox.duplicates.total") - duplicatesBefore)
                .as("the second replay call sent nothing").isZero();
    }

    @Test
    void aReplayedMessageThatFailsAgainReturnsItsEntryToPending() {
        String id = newId();
        ScriptedHandler.POISONED.add(id);
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, "{}"));
        long entryId = awaitDeadLetter(id).getLong("id");

        asAdmin().post("/dead-letters/{id}/replay", entryId).then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asViewer().get("/dead-letters/{id}", entryId)
                .then().statusCode(200).body("status", equalTo("PENDING")).body("replayCount", equalTo(1)));
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(2);
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id = ?", id)).isEqualTo(1);
    }

    @Test
    void aDiscardedEntryIsKeptAndCannotBeReplayed() {
        String id = newId();
        ScriptedHandler.POISONED.add(id);
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, "{}"));
        long entryId = awaitDeadLetter(id).getLong("id");

        asAdmin().post("/dead-letters/{id}/discard", entryId).then().statusCode(200)
                .body("status", equalTo("DISCARDED"));
        asAdmin().post("/dead-letters/{id}/replay", entryId).then().statusCode(409)
                .body("code", equalTo("dead-letter-discarded"));
        asViewer().get("/dead-letters/{id}", entryId).then().statusCode(200).body("status", equalTo("DISCARDED"));
        asViewer().get("/dead-letters?size=200").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(1)).body("items.size()", greaterThanOrEqualTo(1));
        asViewer().get("/dead-letters?status=sideways").then().statusCode(400).body("code", equalTo("invalid-status"));
        asViewer().get("/dead-letters/{id}", Long.MAX_VALUE).then().statusCode(404)
                .body("code", equalTo("dead-letter-not-found"));
    }

    private static String newId() {
        return "s-" + UUID.randomUUID();
    }

    private static long effects(String id) {
        return Sql.number("select count(*) from test_effect where message_id = ?", id);
    }

    private void awaitQueueSettled() {
        await().atMost(Duration.ofSeconds(30)).until(() -> embedded.broker().messageCount(ScriptedConsumer.ADDRESS)
                + embedded.broker().deliveringCount(ScriptedConsumer.ADDRESS) == 0);
    }

    private double delayedRetries() {
        Counter counter = registry.find("steadfast.retries.total").tag("channel", CHANNEL).tag("kind", "delayed")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name) {
        Counter counter = registry.find(name).tag("channel", CHANNEL).counter();
        return counter == null ? 0 : counter.count();
    }

    static JsonPath awaitDeadLetter(String messageId) {
        long id = await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number(
                "select coalesce(max(id), 0) from steadfast_dead_letter where message_id = ? and status = 'PENDING'",
                messageId), n -> n > 0);
        return asViewer().get("/dead-letters/{id}", id).then().statusCode(200).extract().jsonPath();
    }
}
