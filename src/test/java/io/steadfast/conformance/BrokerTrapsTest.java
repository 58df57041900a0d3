package io.steadfast.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transaction.TxnCapability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.RabbitMq;
import io.steadfast.testing.brokers.StandaloneArtemis;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonSender;

/**
 * The brokers' own defaults that would lose messages, shown on the real brokers with a plain client, so that
 * docs/brokers.md can say what Steadfast does about each.
 */
@Timeout(180)
class BrokerTrapsTest {

    @Test
    void rabbitMqMakesANonDurableQueueForAPlainNameAndKeepsADeclaredQueueDurable() {
        RabbitMq rabbit = new RabbitMq();
        rabbit.start();
        String plain = "trap.plain-" + UUID.randomUUID();
        String slash = "trap.slash-" + UUID.randomUUID();
        String declared = "trap.declared-" + UUID.randomUUID();
        rabbit.declare(declared, Map.of());
        try (AmqpTestClient client = AmqpTestClient.connect(rabbit.port(), rabbit.username(), rabbit.password(),
                UnaryOperator.identity())) {
            client.send(plain, TestMessage.of("m-1", "{}"));
            client.send("/queue/" + slash, TestMessage.of("m-2", "{}"));
            client.send("/amq/queue/" + declared, TestMessage.of("m-3", "{}"));
            assertThat(rabbit.durability(plain)).as("the address " + plain).isEqualTo("transient");
            assertThat(rabbit.durability(slash)).as("the address /queue/" + slash).isEqualTo("transient");
            assertThat(rabbit.durability(declared)).as("the address /amq/queue/" + declared).isEqualTo("durable");
            assertThat(rabbit.depth(declared)).isEqualTo(1);
        } finally {
            List.of(plain, slash, declared).forEach(rabbit::delete);
        }
    }

    @Test
    void stockArtemisDropsAMessageForAnAddressWithoutQueueAndKeepsItOnceTheQueueIsDeclared() {
        try (StandaloneArtemis artemis = new StandaloneArtemis()) {
            artemis.start();
            try (AmqpTestClient client = AmqpTestClient.connect(artemis.port())) {
                client.send("trap.nobody", TestMessage.of("m-1", "{}"));
                assertThat(artemis.depth("trap.nobody")).as("accepted, then routed to no queue").isZero();

                artemis.declare(List.of("trap.kept"));
                client.send("trap.kept", TestMessage.of("m-2", "{}"));
                await().atMost(Duration.ofSeconds(10)).until(() -> artemis.depth("trap.kept") == 1);
                assertThat(client.receive("trap.kept", 1, 30)).extracting(AmqpTestClient.Received::id)
                        .containsExactly("m-2");
            }
        }
    }

    @Test
    void rabbitMqRefusesAnAmqpTransactionCoordinatorThatArtemisOffers() {
        RabbitMq rabbit = new RabbitMq();
        rabbit.start();
        assertThat(attachCoordinator(rabbit.port(), rabbit.username(), rabbit.password()))
                .as("RabbitMQ").isFalse();
        try (StandaloneArtemis artemis = new StandaloneArtemis()) {
            artemis.start();
            assertThat(attachCoordinator(artemis.port(), null, null)).as("Artemis").isTrue();
        }
    }

    /** Whether the broker accepts a link to a transaction coordinator (the first step of any AMQP transaction). */
    private static boolean attachCoordinator(int port, String username, String password) {
        Vertx vertx = Vertx.vertx();
        CompletableFuture<Boolean> attached = new CompletableFuture<>();
        try {
            ProtonClient.create(vertx).connect("127.0.0.1", port, username, password, connected -> {
                if (connected.failed()) {
                    attached.completeExceptionally(connected.cause());
                    return;
                }
                ProtonConnection connection = connected.result();
                connection.disconnectHandler(c -> attached.complete(false));
                connection.closeHandler(c -> attached.complete(false));
                connection.openHandler(opened -> {
                    ProtonSender sender = connection.createSender(null);
                    Coordinator coordinator = new Coordinator();
                    coordinator.setCapabilities(TxnCapability.LOCAL_TXN);
                    sender.setTarget(coordinator);
                    sender.openHandler(result -> attached.complete(result.succeeded()
                            && sender.getRemoteTarget() != null));
                    sender.detachHandler(result -> attached.complete(false));
                    sender.closeHandler(result -> attached.complete(false));
                    sender.open();
                }).open();
            });
            return attached.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not reach the broker on port " + port, e);
        } finally {
            vertx.close();
        }
    }
}
