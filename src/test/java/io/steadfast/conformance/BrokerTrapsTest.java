package io.steadfast.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.RabbitMq;
import io.steadfast.testing.brokers.StandaloneArtemis;

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
}
