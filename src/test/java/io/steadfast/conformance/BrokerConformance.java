package io.steadfast.conformance;

import static io.steadfast.testing.Operators.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.path.json.JsonPath;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.FailBeforeMark;
import io.steadfast.testing.Faults;
import io.steadfast.testing.ScriptedConsumer;
import io.steadfast.testing.ScriptedHandler;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.Brokers;

/**
 * The runtime's guarantees, run unchanged against each broker (one subclass and test profile per broker). On every
 * broker a message ends applied once or in Steadfast's dead-letter table, never silently dropped, and no queue is
 * left holding anything once a test is done.
 */
@Timeout(180)
public abstract class BrokerConformance extends BrokerClientTest {

    private static final String QUEUE = ScriptedConsumer.ADDRESS;
    private static final String CHANNEL = ScriptedConsumer.CHANNEL;
    private static long startedAt;
    private static int tests;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void startClock() {
        startedAt = System.nanoTime();
        tests = 0;
    }

    @AfterEach
    void queueIsSettled() {
        tests++;
        await().atMost(Duration.ofSeconds(60)).until(() -> Brokers.depth(QUEUE) == 0);
    }

    @AfterAll
    static void printRunTime() {
        System.out.printf("[conformance] %s: %d tests in %.1f s%n", Brokers.kind(), tests,
                (System.nanoTime() - startedAt) / 1e9);
    }

    @Test
    void aMessageDeliveredFiveTimesIsAppliedOnce() {
        double duplicatesBefore = counter("steadfast.inbox.duplicates.total");
        String id = newId();
        broker.sendAll(QUEUE, Collections.nCopies(5, TestMessage.of(id, "{}")));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> counter("steadfast.inbox.duplicates.total") - duplicatesBefore == 4);
        assertThat(effects(id)).isEqualTo(1);
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(1);
    }

    @Test
    void poisonIsDeadLetteredOnceWithItsReason() {
        String poisoned = newId();
        ScriptedHandler.POISONED.add(poisoned);
        String malformed = newId();
        broker.send(QUEUE, TestMessage.of(poisoned, "{}"));
        broker.send(QUEUE, TestMessage.of(malformed, "{not json").asDataSection());
        broker.send(QUEUE, TestMessage.of(null, "{\"no\":\"id\"}"));

        JsonPath poison = awaitDeadLetter(poisoned);
        assertThat(poison.getString("reason")).isEqualTo("poisoned");
        assertThat(poison.getInt("attempts")).isEqualTo(1);
        JsonPath unreadable = awaitDeadLetter(malformed);
        assertThat(unreadable.getString("reason")).isEqualTo("malformed");
        assertThat(unreadable.getString("exceptionMessage")).startsWith("The body is not JSON");
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number("select count(*) from steadfast_dead_letter"
                + " where reason = 'missing-message-id' and convert_from(body, 'UTF8') = '{\"no\":\"id\"}'") == 1);
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id in (?, ?)", poisoned,
                malformed)).as("one entry each").isEqualTo(2);
        assertThat(effects(poisoned) + effects(malformed)).isZero();
    }

    @Test
    void poisonAmongGoodMessagesCostsItsNeighboursNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> good = IntStream.range(0, 30).mapToObj(i -> "g-" + run + "-" + i).toList();
        String poisoned = "g-" + run + "-poisoned";
        String malformed = "g-" + run + "-malformed";
        ScriptedHandler.POISONED.add(poisoned);
        List<TestMessage> messages = new ArrayList<>(good.stream().map(id -> TestMessage.of(id, "{}")).toList());
        messages.add(7, TestMessage.of(poisoned, "{}"));
        messages.add(20, TestMessage.of(malformed, "{not json").asDataSection());
        double splitsBefore = counter(SteadfastMetrics.BATCH_SPLITS);

        broker.sendAll(QUEUE, messages);

        assertThat(awaitDeadLetter(poisoned).getInt("attempts")).isEqualTo(1);
        assertThat(awaitDeadLetter(malformed).getString("reason")).isEqualTo("malformed");
        await().atMost(Duration.ofSeconds(60)).until(() -> good.stream().allMatch(id -> effects(id) == 1));
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id like ?", "g-" + run + "-%"))
                .as("only the two bad ones, once each").isEqualTo(2);
        if (BrokerProfiles.batching()) {
            DistributionSummary batches = registry.find(SteadfastMetrics.BATCH_SIZE).tag("channel", CHANNEL)
                    .summary();
            assertThat(batches).as("batches committed").isNotNull();
            assertThat(batches.max()).as("several messages in a transaction").isGreaterThan(1);
            assertThat(counter(SteadfastMetrics.BATCH_SPLITS) - splitsBefore).as("batches split to isolate the bad")
                    .isPositive();
        }
    }

    @Test
    void theAttemptBudgetIsExactAndOutlastsTheBrokersOwnDeliveryLimit() {
        String id = newId();
        broker.send(QUEUE, TestMessage.of(id, "{\"failures\":1000}"));

        JsonPath entry = awaitDeadLetter(id);
        assertThat(entry.getString("reason")).isEqualTo("attempts-exhausted");
        assertThat(entry.getInt("attempts")).isEqualTo(BrokerProfiles.BUDGET);
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(BrokerProfiles.BUDGET);
        assertThat(effects(id)).isZero();
        assertThat(Brokers.depth("DLQ")).as("nothing in the broker's own dead-letter queue").isZero();
    }

    @Test
    void aTransientFailureIsRetriedAndNeverDeadLettered() {
        String id = newId();
        broker.send(QUEUE, TestMessage.of(id, "{\"failures\":3}"));

        await().atMost(Duration.ofSeconds(60)).until(() -> effects(id) == 1);
        assertThat(ScriptedHandler.INVOCATIONS.get(id)).hasValue(4);
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id = ?", id)).isZero();
    }

    @Test
    void consumersPauseWhileTheDatabaseIsDownAndResumeWhenItIsBack() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "p-" + run + "-" + i).toList();
        Faults.databaseDown();
        try {
            broker.sendAll(QUEUE, ids.stream().map(id -> TestMessage.of(id, "{}")).toList());
            await().atMost(Duration.ofSeconds(60)).until(() -> gauge(SteadfastMetrics.PAUSED) == 1);
        } finally {
            Faults.databaseUp();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> effects(id) == 1));
        assertThat(gauge(SteadfastMetrics.PAUSED)).isZero();
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id like ?", "p-" + run + "-%"))
                .isZero();
    }

    @Test
    void consumerAndRelayReconnectAfterTheBrokerRestartsAndLoseNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = IntStream.range(0, 60).mapToObj(i -> "r-" + run + "-" + i).toList();
        List<TestMessage> messages = ids.stream()
                .map(id -> TestMessage.of(id, "{\"emit\":\"test.outbox\",\"holdMillis\":20}")).toList();
        broker.sendAll(QUEUE, messages.subList(0, 30));
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().filter(id -> effects(id) == 1).count() >= 5);

        Brokers.restart();
        try (AmqpTestClient client = Brokers.client()) {
            client.sendAll(QUEUE, messages.subList(30, 60));
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id -> effects(id) == 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number("select count(*) from steadfast_outbox"
                + " where partition_key like ? and published_at is not null", "r-" + run + "-%") == 60);
        Set<String> events = new HashSet<>();
        try (AmqpTestClient client = Brokers.client()) {
            for (AmqpTestClient.Received event : client.receive("test.outbox", (int) Brokers.depth("test.outbox"),
                    60)) {
                events.add(JsonPath.from(event.body()).getString("from"));
            }
        }
        assertThat(events).as("one event per applied message, none lost").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where message_id like ?", "r-" + run + "-%"))
                .isZero();
    }

    @Test
    void aRelayResendAfterALostAcceptIsDroppedByTheConsumer() throws Exception {
        double duplicatesBefore = counter("steadfast.inbox.duplicates.total");
        UUID id = UUID.randomUUID();
        FailBeforeMark.arm(id);
        try (Connection connection = Sql.connection()) {
            Sql.insertOutboxRow(connection, id, QUEUE, null, "{}");
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> counter("steadfast.inbox.duplicates.total") - duplicatesBefore == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.number(
                "select count(*) from steadfast_outbox where id = ?::uuid and published_at is not null",
                id.toString()) == 1);
        assertThat(effects(id.toString())).isEqualTo(1);
        assertThat(ScriptedHandler.INVOCATIONS.get(id.toString())).hasValue(1);
    }

    @Test
    void messagesOfOneKeyAreNeverProcessedAtTheSameTime() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<TestMessage> messages = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "k-" + run + "-" + i;
            ids.add(id);
            messages.add(TestMessage.of(id, "{\"holdMillis\":15}").withGroup(run + "-key-" + (i % 4)));
        }
        broker.sendAll(QUEUE, messages);

        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> effects(id) == 1));
        assertThat(ScriptedHandler.OVERLAPPING_KEYS).noneMatch(key -> key.startsWith(run));
        List<String> applied = Sql.strings("select message_id from test_effect where message_id like ? order by applied_at",
                "k-" + run + "-%");
        for (int key = 0; key < 4; key++) {
            int k = key;
            List<Integer> order = applied.stream().map(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)))
                    .filter(n -> n % 4 == k).toList();
            assertThat(order).as("key " + key + " in send order").isSorted().hasSize(10);
        }
    }

    private static String newId() {
        return "c-" + UUID.randomUUID();
    }

    private static long effects(String id) {
        return Sql.number("select count(*) from test_effect where message_id = ?", id);
    }

    private double counter(String name) {
        Counter counter = registry.find(name).tag("channel", CHANNEL).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name) {
        Gauge gauge = registry.find(name).tag("channel", CHANNEL).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static JsonPath awaitDeadLetter(String messageId) {
        long id = await().atMost(Duration.ofSeconds(90)).until(() -> Sql.number(
                "select coalesce(max(id), 0) from steadfast_dead_letter where message_id = ? and status = 'PENDING'",
                messageId), n -> n > 0);
        return asViewer().get("/dead-letters/{id}", id).then().statusCode(200).extract().jsonPath();
    }
}
