package io.steadfast.ledger;

import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.steadfast.runtime.transport.amqp.EmbeddedArtemis;
import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.FreePorts;
import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.SteadfastTestResource;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.Brokers;
import io.steadfast.testing.brokers.TestBroker;
import io.steadfast.trips.TripMessages;

/**
 * The packaged service as a separate process, killed with SIGKILL, stopped with SIGTERM and its broker restarted
 * in the middle of a stream, on each broker: nothing lost, nothing applied twice, messages sent while it is down
 * processed when it is back.
 */
class KillAndRestartIT {

    private static final String QUEUE = "ledger.transfers";
    private static final long OPENING = 1_000_000;

    private final Random random = new Random(7);
    private EmbeddedArtemis artemis;
    private TestBroker broker;
    private ServiceProcess service;

    @AfterEach
    void stopBroker() throws Exception {
        if (service != null) {
            service.stop();
        }
        if (artemis != null) {
            artemis.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Brokers.Kind.class, names = { "EMBEDDED_ARTEMIS", "STANDALONE_ARTEMIS", "RABBITMQ" })
    @Timeout(600)
    void aServiceKilledOrStoppedMidStreamLosesNothingAndAppliesNothingTwice(Brokers.Kind kind) throws Exception {
        broker = kind.start();
        broker.declare(List.of(QUEUE, "ledger.transfer-events"));
        // The service's trip consumers need their subscriptions too; on RabbitMQ nothing else declares them when
        // this test runs on its own.
        broker.declareTopic(TripMessages.REQUESTS, SteadfastTestResource.TRIP_SUBSCRIPTIONS);
        String database = "steadfast_it_" + kind.name().toLowerCase(java.util.Locale.ROOT);
        TestDatabase.recreate(database);
        service = new ServiceProcess(database, database, broker.port());
        List<String> settings = new ArrayList<>();
        broker.serviceConfig().forEach((key, value) -> settings.add("-D" + key + "=" + value));
        String[] config = settings.toArray(String[]::new);
        service.start(config);
        List<String> accounts = openAccounts(20);
        long started = System.nanoTime();

        try (AmqpTestClient client = client()) {
            client.sendAll(QUEUE, transfers(accounts, 3_000));
            await().atMost(Duration.ofSeconds(120)).until(() -> decided() >= 300);
            long beforeKill = decided();
            service.kill();
            assertThat(decided()).as("killed mid-stream").isLessThan(3_000).isGreaterThanOrEqualTo(beforeKill);

            client.sendAll(QUEUE, transfers(accounts, 1_000));
            service.start(config);
            await().atMost(Duration.ofSeconds(120)).until(() -> decided() >= 3_300);

            assertThat(service.stop()).as("graceful stop exit code").isIn(0, 130, 143);
            client.sendAll(QUEUE, transfers(accounts, 500));
            service.start(config);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> decided() >= 3_600);
        broker.restart();
        try (AmqpTestClient client = client()) {
            client.sendAll(QUEUE, transfers(accounts, 500));
        }

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> decided() == 5_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.depth(QUEUE) == 0);
        assertLedgerConsistent(accounts.size(), 5_000);
        System.out.printf("[kill-and-restart] %s: 5,000 transfers, one SIGKILL, one SIGTERM, one broker restart,"
                + " in %.1f s%n", kind, (System.nanoTime() - started) / 1e9);
    }

    private AmqpTestClient client() {
        return AmqpTestClient.connect(broker.port(), broker.username(), broker.password(), broker::address);
    }

    @Test
    @Timeout(300)
    void messagesSentWhileTheServiceIsDownAreKeptOnABrokerWithStockDefaults() throws Exception {
        int brokerPort = startStockBroker();
        service = startService("steadfast_it_stock", brokerPort);
        List<String> accounts = openAccounts(2);

        try (AmqpTestClient broker = AmqpTestClient.connect(brokerPort)) {
            broker.sendAll(QUEUE, transfers(accounts, 20));
            await().atMost(Duration.ofSeconds(60)).until(() -> decided() == 20);
            awaitQueueEmpty();
            // An empty queue without consumers: a stock Artemis deletes an auto-created queue here.
            service.stop();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> artemis.queueExists(QUEUE));
            broker.sendAll(QUEUE, transfers(accounts, 20));
            // Artemis updates its count just after it accepts: wait for it, then check it stays.
            await().atMost(Duration.ofSeconds(10)).until(() -> artemis.messageCount(QUEUE) == 20);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> artemis.messageCount(QUEUE) == 20);
            service.start();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> decided() == 40);
        awaitQueueEmpty();
        assertLedgerConsistent(accounts.size(), 40);
    }

    private int startStockBroker() throws Exception {
        int port = FreePorts.next();
        artemis = EmbeddedArtemis.startWithBrokerDefaults(port, Files.createTempDirectory(Path.of("target"),
                "it-artemis"));
        return port;
    }

    private static ServiceProcess startService(String database, int brokerPort) throws Exception {
        TestDatabase.recreate(database);
        ServiceProcess process = new ServiceProcess(database, database, brokerPort);
        process.start();
        return process;
    }

    private List<String> openAccounts(int count) {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            service.openAccount("it-" + i, OPENING);
            accounts.add("it-" + i);
        }
        return accounts;
    }

    private List<TestMessage> transfers(List<String> accounts, int count) {
        List<TestMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            String id = UUID.randomUUID().toString();
            messages.add(TestMessage.of("m-" + id, transfer(id, accounts.get(from), accounts.get(to),
                    1 + random.nextInt(1_000), "EUR")));
        }
        return messages;
    }

    private long decided() {
        return service.number("select count(*) from ledger_transfer");
    }

    private void awaitQueueEmpty() {
        await().atMost(Duration.ofSeconds(60)).until(() -> artemis.messageCount(QUEUE)
                + artemis.deliveringCount(QUEUE) == 0);
    }

    private void assertLedgerConsistent(int accounts, long transfers) {
        assertThat(service.number("select sum(balance) from ledger_account")).isEqualTo(OPENING * accounts);
        long applied = service.number("select count(*) from ledger_transfer where status = 'APPLIED'");
        assertThat(service.number("select count(*) from ledger_entry")).isEqualTo(2 * applied);
        assertThat(service.number("select count(*) from steadfast_inbox where consumer = 'ledger-transfers'"))
                .isEqualTo(transfers);
        assertThat(service.number("select count(*) from steadfast_dead_letter")).isZero();
        assertThat(service.number("select count(*) from ledger_account a where balance <> opening_balance"
                + " + coalesce((select sum(amount) from ledger_entry e where e.account_id = a.id), 0)")).isZero();
    }
}
