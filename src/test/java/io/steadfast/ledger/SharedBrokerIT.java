package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.Brokers;
import io.steadfast.testing.brokers.RabbitMq;
import io.steadfast.testing.brokers.TestBroker;

/**
 * Two deployments of the packaged service on one broker, kept apart by {@code steadfast.broker.virtual-host} on
 * RabbitMQ and by {@code steadfast.broker.address-prefix} on Artemis: each applies its own transfers and sends its
 * own events (the outbox sender and the notifier in the same vhost or under the same prefix), never the other's.
 */
class SharedBrokerIT {

    private static final List<String> QUEUES = List.of("ledger.transfers", "ledger.transfer-events",
            "trips.replies");
    private static final List<String> TRIP_QUEUES = List.of("trips.car", "trips.hotel", "trips.flight");

    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<AutoCloseable> cleanups = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (ServiceProcess service : services) {
            service.stop();
        }
        for (AutoCloseable cleanup : cleanups) {
            cleanup.close();
        }
    }

    @Test
    @Timeout(300)
    void twoServicesOnTwoRabbitMqVirtualHostsTakeOnlyTheirOwnMessages() throws Exception {
        RabbitMq a = RabbitMq.inFreshVirtualHost("steadfast-it-a");
        RabbitMq b = RabbitMq.inFreshVirtualHost("steadfast-it-b");
        cleanups.add(a::deleteVirtualHost);
        cleanups.add(b::deleteVirtualHost);
        for (RabbitMq vhost : List.of(a, b)) {
            vhost.declare(QUEUES);
            vhost.declareTopic("trips.requests", TRIP_QUEUES);
        }
        ServiceProcess serviceA = start("vhost_a", a, List.of());
        ServiceProcess serviceB = start("vhost_b", b, List.of());

        String toA = UUID.randomUUID().toString();
        String toB = UUID.randomUUID().toString();
        try (AmqpTestClient clientA = AmqpTestClient.connectToVirtualHost(a.port(), "guest", "guest",
                a.virtualHost(), a::address);
                AmqpTestClient clientB = AmqpTestClient.connectToVirtualHost(b.port(), "guest", "guest",
                        b.virtualHost(), b::address)) {
            clientA.send("ledger.transfers", TestMessage.of(toA, transfer(toA, "alice", "bob", 100, "EUR")));
            clientB.send("ledger.transfers", TestMessage.of(toB, transfer(toB, "alice", "bob", 200, "EUR")));
        }

        assertAppliedOnlyWhereSent(serviceA, toA, serviceB, toB);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(a.depth("ledger.transfers") + a.depth("ledger.transfer-events")).isZero();
            assertThat(b.depth("ledger.transfers") + b.depth("ledger.transfer-events")).isZero();
        });
    }

    @Test
    @Timeout(300)
    void twoServicesUnderTwoArtemisAddressPrefixesTakeOnlyTheirOwnMessages() throws Exception {
        TestBroker broker = Brokers.Kind.EMBEDDED_ARTEMIS.start();
        cleanups.add(broker);
        ServiceProcess serviceA = start("prefix_a", broker, List.of("-Dsteadfast.broker.address-prefix=tenant-a."));
        ServiceProcess serviceB = start("prefix_b", broker, List.of("-Dsteadfast.broker.address-prefix=tenant-b."));

        String toA = UUID.randomUUID().toString();
        String toB = UUID.randomUUID().toString();
        try (AmqpTestClient client = AmqpTestClient.connect(broker.port())) {
            client.send("tenant-a.ledger.transfers", TestMessage.of(toA, transfer(toA, "alice", "bob", 100, "EUR")));
            client.send("tenant-b.ledger.transfers", TestMessage.of(toB, transfer(toB, "alice", "bob", 200, "EUR")));
        }

        assertAppliedOnlyWhereSent(serviceA, toA, serviceB, toB);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String prefix : List.of("tenant-a.", "tenant-b.")) {
                assertThat(broker.depth(prefix + "ledger.transfers")).as(prefix + "ledger.transfers").isZero();
                assertThat(broker.depth(prefix + "ledger.transfer-events")).as(prefix + "ledger.transfer-events")
                        .isZero();
            }
            assertThat(broker.depth("ledger.transfers") + broker.depth("ledger.transfer-events"))
                    .as("nothing on the unprefixed queues").isZero();
        });
    }

    private ServiceProcess start(String name, TestBroker broker, List<String> extra) throws Exception {
        String database = "steadfast_it_" + name;
        TestDatabase.recreate(database);
        ServiceProcess service = new ServiceProcess("shared-" + name, database, broker.port());
        List<String> settings = new ArrayList<>(extra);
        broker.serviceConfig().forEach((key, value) -> settings.add("-D" + key + "=" + value));
        services.add(service);
        service.start(settings.toArray(String[]::new));
        service.openAccount("alice", 1_000);
        service.openAccount("bob", 0);
        return service;
    }

    /** Each transfer applied and notified by the service it was sent to; the other never heard of it. */
    private static void assertAppliedOnlyWhereSent(ServiceProcess a, String toA, ServiceProcess b, String toB) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(status(a, "/transfers/" + toA)).isEqualTo(200);
            assertThat(status(b, "/transfers/" + toB)).isEqualTo(200);
            // The notifier consumes the events the relay sent: same vhost, same prefix.
            assertThat(status(a, "/notifications/" + toA)).isEqualTo(200);
            assertThat(status(b, "/notifications/" + toB)).isEqualTo(200);
        });
        assertThat(balance(a, "bob")).isEqualTo(100);
        assertThat(balance(b, "bob")).isEqualTo(200);
        assertThat(status(a, "/transfers/" + toB)).as("B's transfer at A").isEqualTo(404);
        assertThat(status(b, "/transfers/" + toA)).as("A's transfer at B").isEqualTo(404);
    }

    private static int status(ServiceProcess service, String path) {
        return given().port(service.port()).get(path).statusCode();
    }

    private static long balance(ServiceProcess service, String account) {
        return given().port(service.port()).get("/accounts/{id}", account).then().statusCode(200).extract()
                .jsonPath().getLong("balance");
    }
}
