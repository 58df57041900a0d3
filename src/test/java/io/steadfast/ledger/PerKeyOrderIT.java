package io.steadfast.ledger;

import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.RabbitMq;
import io.steadfast.testing.brokers.StandaloneArtemis;
import io.steadfast.testing.brokers.TestBroker;

/**
 * Three instances of the packaged service compete on one queue; 200 keys (the source account, sent as AMQP
 * group-id) carry 50 transfers each, 10,000 in all, and the busiest instance is killed with SIGKILL midway. For
 * every key the transfers must be applied in send order, with no gap and no repeat. On Artemis the order across
 * instances comes from message groups; on RabbitMQ from a single-active-consumer queue.
 */
class PerKeyOrderIT {

    private static final int KEYS = 200;
    private static final int PER_KEY = 50;
    private static final String QUEUE = "ledger.transfers";

    private final List<ServiceProcess> instances = new ArrayList<>();
    private TestBroker broker;

    @AfterEach
    void stopAll() throws Exception {
        for (ServiceProcess instance : instances) {
            instance.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(900)
    void onArtemisThroughMessageGroups() throws Exception {
        StandaloneArtemis artemis = new StandaloneArtemis();
        artemis.start();
        broker = artemis;
        runAgainst("steadfast_it_order_artemis");
    }

    @Test
    @Timeout(900)
    void onRabbitMqThroughASingleActiveConsumer() throws Exception {
        RabbitMq rabbit = new RabbitMq();
        rabbit.start();
        broker = rabbit;
        rabbit.declare(QUEUE, Map.of("x-single-active-consumer", true));
        rabbit.declare("ledger.transfer-events", Map.of());
        runAgainst("steadfast_it_order_rabbitmq");
    }

    private void runAgainst(String database) throws Exception {
        TestDatabase.recreate(database);
        List<String> settings = new ArrayList<>();
        broker.serviceConfig().forEach((key, value) -> settings.add("-D" + key + "=" + value));
        for (int i = 0; i < 3; i++) {
            ServiceProcess instance = new ServiceProcess(database + "-" + i, database, broker.port());
            instance.start(settings.toArray(String[]::new));
            instances.add(instance);
        }
        ServiceProcess first = instances.get(0);
        for (int key = 0; key < KEYS; key++) {
            first.openAccount(account(key), 1_000_000);
        }

        long started = System.nanoTime();
        try (AmqpTestClient client = AmqpTestClient.connect(broker.port(), broker.username(), broker.password(),
                broker::address)) {
            List<TestMessage> messages = new ArrayList<>();
            for (int seq = 0; seq < PER_KEY; seq++) {
                for (int key = 0; key < KEYS; key++) {
                    String id = transferId(key, seq);
                    messages.add(TestMessage.of("o-" + id, transfer(id, account(key), account((key + 1) % KEYS), 1,
                            "EUR")).withGroup(account(key)));
                }
            }
            client.sendAll(QUEUE, messages.subList(0, messages.size() / 2));
            await().atMost(Duration.ofMinutes(3)).until(() -> decided(first) >= KEYS * PER_KEY / 4);
            ServiceProcess busiest = instances.stream()
                    .max(Comparator.comparingDouble(PerKeyOrderIT::processed)).orElseThrow();
            busiest.kill();
            instances.remove(busiest);
            client.sendAll(QUEUE, messages.subList(messages.size() / 2, messages.size()));
        }

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> decided(first) == KEYS * PER_KEY);
        System.out.printf("[order] %s: %d transfers over 3 instances (one killed) in %.1f s%n", database,
                KEYS * PER_KEY, (System.nanoTime() - started) / 1e9);
        for (int key = 0; key < KEYS; key++) {
            List<String> applied = first.strings("select transfer_id::text from ledger_entry where account_id = '"
                    + account(key) + "' and amount < 0 order by id");
            int k = key;
            assertThat(applied).as("transfers of " + account(key) + " in send order, no gap, no repeat")
                    .containsExactlyElementsOf(IntStream.range(0, PER_KEY).mapToObj(seq -> transferId(k, seq)).toList());
        }
        assertThat(first.number("select count(*) from ledger_transfer where status <> 'APPLIED'")).isZero();
        assertThat(first.number("select count(*) from steadfast_dead_letter")).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.depth(QUEUE) == 0);
    }

    private static double processed(ServiceProcess instance) {
        return instance.metric("steadfast_messages_processed_total{channel=\"ledger-transfers\"}");
    }

    private static long decided(ServiceProcess instance) {
        return instance.number("select count(*) from ledger_transfer");
    }

    private static String account(int key) {
        return "acc-" + key;
    }

    /** A UUID that spells the key and the sequence number, so the applied order can be read back. */
    private static String transferId(int key, int seq) {
        return String.format("00000000-0000-4000-8%03d-%012d", key, seq);
    }
}
