package io.steadfast.runtime.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.runtime.config.BrokerKind;
import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.StandaloneArtemis;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.core.Vertx;

/**
 * The start-up declarations on a stock Artemis, which drops a message sent to an address without a queue
 * (BrokerTrapsTest): after {@link BrokerPreparation#declareAll} every queue, plain or a topic's subscription, keeps what
 * is sent to it with no consumer attached, and declaring them all again on the same links changes nothing.
 */
@Timeout(180)
class BrokerPreparationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void namesTheKindToSetWhenAnotherBrokerAnswers() {
        assertThat(BrokerPreparation.mismatch(BrokerKind.ARTEMIS, "apache-activemq-artemis")).isEmpty();
        assertThat(BrokerPreparation.mismatch(BrokerKind.RABBITMQ, "rabbitmq")).isEmpty();
        assertThat(BrokerPreparation.mismatch(BrokerKind.RABBITMQ, "apache-activemq-artemis")).get(STRING)
                .contains("steadfast.broker.kind is RABBITMQ", "set steadfast.broker.kind=artemis");
        assertThat(BrokerPreparation.mismatch(BrokerKind.ARTEMIS, "rabbitmq")).get(STRING)
                .contains("set steadfast.broker.kind=rabbitmq");
        assertThat(BrokerPreparation.mismatch(BrokerKind.ARTEMIS, "an unknown broker")).get(STRING)
                .contains("set steadfast.broker.kind=generic");
    }

    @Test
    void declaresPlainQueuesAndTopicSubscriptionsThatKeepMessagesWithNoConsumer() throws Exception {
        List<String> queues = List.of("prep.plain", "prep.sub-a", "prep.sub-b");
        Map<String, List<String>> topics = Map.of("prep.topic", List.of("prep.sub-a", "prep.sub-b"));
        Vertx vertx = Vertx.vertx();
        try (StandaloneArtemis artemis = new StandaloneArtemis()) {
            artemis.start();
            AmqpClient amqp = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1")
                    .setPort(artemis.port()));
            AmqpConnection connection = amqp.connect().toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            BrokerPreparation.declareAll(connection, queues, topics, TIMEOUT);
            BrokerPreparation.declareAll(connection, queues, topics, TIMEOUT);
            amqp.close();

            try (AmqpTestClient client = AmqpTestClient.connect(artemis.port())) {
                client.send("prep.plain", TestMessage.of("m-1", "{}"));
                client.send("prep.topic", TestMessage.of("m-2", "{}"));
                await().atMost(TIMEOUT).until(() -> artemis.depth("prep.plain") == 1
                        && artemis.depth("prep.sub-a") == 1 && artemis.depth("prep.sub-b") == 1);
                assertThat(client.receive("prep.plain", 1, 30)).extracting(AmqpTestClient.Received::id)
                        .containsExactly("m-1");
                assertThat(client.receive("prep.topic::prep.sub-a", 1, 30)).extracting(AmqpTestClient.Received::id)
                        .containsExactly("m-2");
            }
        } finally {
            vertx.close();
        }
    }
}
