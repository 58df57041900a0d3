package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.steadfast.runtime.testing.CrashPoints;
import io.steadfast.runtime.transport.amqp.EmbeddedArtemis;
import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.FreePorts;
import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.TestMessage;

/**
 * The packaged service halted (no shutdown hooks) at each crash point, then restarted: no event lost, no effect or
 * notification applied twice.
 */
class CrashPointsIT {

    private static final String QUEUE = "ledger.transfers";

    private EmbeddedArtemis artemis;
    private int brokerPort;
    private ServiceProcess service;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        brokerPort = FreePorts.next();
        artemis = EmbeddedArtemis.start(brokerPort, Files.createTempDirectory(Path.of("target"), "it-crash"), true,
                Duration.ofMillis(100), List.of(QUEUE, "ledger.transfer-events"));
        TestDatabase.recreate("steadfast_it_crash");
        service = new ServiceProcess("crash-" + test.getTestMethod().orElseThrow().getName(), "steadfast_it_crash",
                brokerPort);
    }

    @AfterEach
    void stop() throws Exception {
        service.stop();
        artemis.close();
    }

    @Test
    @Timeout(180)
    void haltedRightAfterTheBusinessCommitBeforeTheAccept() throws Exception {
        service.start(crashAt(CrashPoints.AFTER_COMMIT));
        openAccounts();
        String transferId = UUID.randomUUID().toString();
        try (AmqpTestClient broker = AmqpTestClient.connect(brokerPort)) {
            broker.send(QUEUE, TestMessage.of("m-" + transferId, transfer(transferId, "a", "b", 100, "EUR")));
        }
        assertThat(service.awaitExit()).as("halted at the crash point").isEqualTo(99);

        service.start();
        awaitNotified(transferId);
        assertAppliedOnce(transferId, 100);
        assertThat(service.metric("steadfast_inbox_duplicates_total{channel=\"ledger-transfers\"}"))
                .as("the redelivery was recognised").isEqualTo(1.0);
    }

    @Test
    @Timeout(180)
    void haltedAfterTheBrokerAcceptedAnOutboxMessageBeforeItWasMarked() throws Exception {
        service.start(crashAt(CrashPoints.AFTER_OUTBOX_ACCEPT));
        openAccounts();
        String transferId = UUID.randomUUID().toString();
        try (AmqpTestClient broker = AmqpTestClient.connect(brokerPort)) {
            broker.send(QUEUE, TestMessage.of("m-" + transferId, transfer(transferId, "a", "b", 200, "EUR")));
        }
        assertThat(service.awaitExit()).isEqualTo(99);

        service.start();
        awaitNotified(transferId);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.number(
                "select count(*) from steadfast_outbox where published_at is not null") == 1);
        assertAppliedOnce(transferId, 200);
    }

    @Test
    @Timeout(180)
    void haltedAfterTheIdempotencyCommitBeforeTheResponse() throws Exception {
        service.start(crashAt(CrashPoints.AFTER_IDEMPOTENCY_COMMIT));
        openAccounts();
        String key = UUID.randomUUID().toString();
        String body = "{\"from\":\"a\",\"to\":\"b\",\"amount\":300,\"currency\":\"EUR\"}";
        Throwable lost = catchThrowable(() -> post(key, body));
        assertThat(service.awaitExit()).isEqualTo(99);
        assertThat(lost).as("the client never got an answer").isNotNull();

        service.start();
        Response retry = post(key, body);
        Response again = post(key, body);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(again.asByteArray()).isEqualTo(retry.asByteArray());
        String transferId = retry.jsonPath().getString("transferId");
        awaitNotified(transferId);
        assertAppliedOnce(transferId, 300);
    }

    @Test
    @Timeout(180)
    void haltedAfterTheOutboxInsertBeforeTheCommit() throws Exception {
        service.start(crashAt(CrashPoints.AFTER_OUTBOX_INSERT));
        openAccounts();
        String transferId = UUID.randomUUID().toString();
        try (AmqpTestClient broker = AmqpTestClient.connect(brokerPort)) {
            broker.send(QUEUE, TestMessage.of("m-" + transferId, transfer(transferId, "a", "b", 400, "EUR")));
        }
        assertThat(service.awaitExit()).isEqualTo(99);
        assertThat(service.number("select count(*) from steadfast_outbox")).as("rolled back with the transfer")
                .isZero();
        assertThat(service.number("select count(*) from ledger_transfer")).isZero();

        service.start();
        awaitNotified(transferId);
        assertThat(service.number("select count(*) from steadfast_outbox")).isEqualTo(1);
        assertAppliedOnce(transferId, 400);
    }

    @Test
    @Timeout(300)
    void aMessageThatKillsTheServiceEveryTimeIsDeadLetteredAndItsNeighboursAreNot() throws Exception {
        String poison = UUID.randomUUID().toString();
        String[] settings = { crashAt(CrashPoints.DURING_ATTEMPT), "-Dsteadfast.testing.crash-message-id=m-" + poison };
        service.start(settings);
        service.openAccount("a", 10_000);
        service.openAccount("b", 0);
        List<String> neighbours = new ArrayList<>();
        try (AmqpTestClient broker = AmqpTestClient.connect(brokerPort)) {
            // Neighbours on both sides, so some are in flight with the poison when it strikes.
            for (int i = 0; i < 20; i++) {
                if (i == 5) {
                    broker.send(QUEUE, TestMessage.of("m-" + poison, transfer(poison, "a", "b", 1, "EUR")));
                }
                String id = UUID.randomUUID().toString();
                neighbours.add(id);
                broker.send(QUEUE, TestMessage.of("m-" + id, transfer(id, "a", "b", 100, "EUR")));
            }
        }

        int crashes = 0;
        while (!deadLettered("m-" + poison)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !service.alive() || deadLettered("m-" + poison));
            if (!service.alive()) {
                assertThat(service.exitCode()).as("halted by the poison").isEqualTo(99);
                crashes++;
                assertThat(crashes).as("crashes before the crash budget (2) stops them").isLessThanOrEqualTo(3);
                if (crashes == 1) {
                    assertThat(service.number("select count(*) from steadfast_attempt where in_flight"))
                            .as("neighbours were cut off with the poison").isGreaterThan(1);
                }
                service.startUnlessItCrashes(settings);
            }
        }

        assertThat(crashes).as("one crash in company, then two with the poison running alone").isEqualTo(3);
        assertThat(service.strings("select reason || ' ' || attempts || ' ' || exception_message"
                + " from steadfast_dead_letter where message_id = 'm-" + poison + "'"))
                .containsExactly("crash-loop 3 The process stopped during 2 attempts of this message that ran alone"
                        + " in it (3 attempts cut off in all); it is not run again");
        await().atMost(Duration.ofSeconds(60)).until(() -> service.number(
                "select count(*) from ledger_notification where status = 'DONE'") == neighbours.size());
        assertThat(service.number("select count(*) from steadfast_dead_letter")).as("no neighbour dead-lettered")
                .isEqualTo(1);
        assertThat(service.number("select count(*) from ledger_transfer")).isEqualTo(neighbours.size());
        assertThat(service.number("select count(*) from ledger_entry")).isEqualTo(2L * neighbours.size());
        assertThat(service.number("select balance from ledger_account where id = 'b'"))
                .isEqualTo(100L * neighbours.size());
        assertThat(service.number("select count(*) from steadfast_attempt where in_flight")).as("no attempt left in flight")
                .isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> artemis.messageCount(QUEUE) == 0);
        assertThat(service.alive()).as("the service keeps running").isTrue();
    }

    private boolean deadLettered(String messageId) {
        return service.number("select count(*) from steadfast_dead_letter where message_id = '" + messageId + "'") > 0;
    }

    private Response post(String key, String body) {
        return given().port(service.port()).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/transfers");
    }

    private void openAccounts() {
        service.openAccount("a", 1_000);
        service.openAccount("b", 0);
    }

    private void awaitNotified(String transferId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> service.number("select count(*) from ledger_notification"
                + " where status = 'DONE' and transfer_id = '" + transferId + "'") == 1);
    }

    private void assertAppliedOnce(String transferId, long amount) {
        assertThat(service.number("select count(*) from ledger_transfer")).isEqualTo(1);
        assertThat(service.number("select count(*) from ledger_entry where transfer_id = '" + transferId + "'"))
                .isEqualTo(2);
        assertThat(service.number("select balance from ledger_account where id = 'b'")).isEqualTo(amount);
        assertThat(service.number("select count(*) from ledger_notification")).isEqualTo(1);
        assertThat(service.number("select count(*) from steadfast_dead_letter")).isZero();
    }

    private static String crashAt(String point) {
        return "-Dsteadfast.testing.crash-point=" + point;
    }
}
