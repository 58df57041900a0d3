package io.steadfast.runtime.transport.amqp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.apache.qpid.proton.amqp.Symbol;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.steadfast.runtime.config.AmqpGlobals;
import io.steadfast.runtime.config.BrokerKind;
import io.steadfast.runtime.config.MessagingChannels;
import io.steadfast.runtime.config.SteadfastConfig;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.impl.AmqpConnectionImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Prepares the broker before the channels attach. First it checks that {@code steadfast.broker.kind} names the broker
 * that answers (a mismatch turns queue names into the wrong addresses: on RabbitMQ a plain name makes a non-durable
 * queue). Then, on ActiveMQ Artemis, it declares the queue of every AMQP consumer channel durable, anycast and
 * permanent. Without that a stock Artemis auto-creates the queue when the consumer attaches and deletes it as soon
 * as it is empty and the consumer gone; a message sent then re-creates the address as multicast with no queue, and
 * is dropped. Uses Artemis's management address over AMQP ({@code createQueue(json, ignoreIfExists)}). RabbitMQ
 * queues are provisioned by the operator (docs/brokers.md).
 */
@ApplicationScoped
public class BrokerPreparation {

    @Inject
    TlsConfigurationRegistry tls;

    private static final Logger LOG = Logger.getLogger(BrokerPreparation.class);
    private static final String MANAGEMENT = "activemq.management";
    private static final Set<String> CONNECTORS = Set.of(SteadfastAmqpConnector.NAME, "smallrye-amqp");

    @Inject
    SteadfastConfig config;

    @Inject
    MessagingChannels channels;

    @Inject
    AmqpGlobals amqp;

    @Inject
    Vertx vertx;

    /** After the embedded broker starts, before the channels are wired. */
    void prepare(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 50) StartupEvent event) {
        List<String> queues = consumerAddresses(channels).stream().map(queue -> BrokerAddresses.prefixed(config, queue))
                .toList();
        BrokerKind kind = config.broker().kind();
        if (queues.isEmpty() || kind == BrokerKind.GENERIC) {
            return;
        }
        Duration timeout = config.broker().declareTimeout();
        AmqpClient client = AmqpClient.create(vertx, AmqpClientSettings.from(amqp, timeout, tls, config.broker()));
        try {
            AmqpConnection connection = await(client.connect(), timeout);
            Optional<String> mismatch = mismatch(kind, product(connection));
            if (mismatch.isPresent()) {
                LOG.error(mismatch.get());
                return;
            }
            Map<String, List<String>> topics = BrokerAddresses.topics(config);
            if (kind == BrokerKind.RABBITMQ) {
                LOG.infof("RabbitMQ: queues %s must exist and be durable; Steadfast addresses them as %s<queue>",
                        queues, BrokerAddresses.RABBITMQ_QUEUE_PREFIX);
                topics.forEach((topic, subscriptions) -> LOG.infof("RabbitMQ: topic %s must be a durable fanout"
                        + " exchange with queues %s bound to it", topic, subscriptions));
                return;
            }
            if (!config.broker().declareQueues()) {
                return;
            }
            declareAll(connection, queues, topics, timeout);
        } catch (Exception e) {
            LOG.warnf("Could not declare queues %s on the broker (%s); relying on the broker's own settings", queues,
                    e.toString());
        } finally {
            client.close();
        }
    }

    /** The error to log when {@code steadfast.broker.kind} does not name the broker that answered. */
    static Optional<String> mismatch(BrokerKind kind, String product) {
        BrokerKind actual = kindOf(product);
        if (actual == kind) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "steadfast.broker.kind is %s but the broker is %s:"
                + " set steadfast.broker.kind=%s, or queue names map to the wrong addresses (see docs/brokers.md)",
                kind, product, actual.name().toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * Declares each queue on Artemis, durable and never auto-deleted (declaring one that exists changes nothing).
     * One reply queue and one sender serve all requests, each answered before the next is sent: a link pair (and a
     * temporary queue on the broker) per queue cost about 30 ms of start-up each.
     */
    static void declareAll(AmqpConnection connection, List<String> queues, Map<String, List<String>> topics,
            Duration timeout) throws Exception {
        AmqpReceiver replies = await(connection.createDynamicReceiver(), timeout);
        BlockingQueue<AmqpMessage> answers = new LinkedBlockingQueue<>();
        replies.handler(answers::add);
        AmqpSender sender = await(connection.createSender(MANAGEMENT), timeout);
        try {
            for (String queue : queues) {
                declare(sender, replies.address(), answers, queue, BrokerAddresses.topicOf(queue, topics), timeout);
            }
        } finally {
            sender.close();
            replies.close();
        }
    }

    /** A plain queue is anycast on its own address; a topic's subscription is a multicast queue of the topic. */
    private static void declare(AmqpSender sender, String replyTo, BlockingQueue<AmqpMessage> answers, String queue,
            String topic, Duration timeout) throws Exception {
        JsonObject queueConfiguration = new JsonObject()
                .put("name", queue)
                .put("address", topic == null ? queue : topic)
                .put("routing-type", topic == null ? "ANYCAST" : "MULTICAST")
                .put("durable", true)
                .put("auto-delete", false)
                .put("auto-create-address", true);
        AmqpMessage request = AmqpMessage.create()
                .replyTo(replyTo)
                .applicationProperties(new JsonObject()
                        .put("_AMQ_ResourceName", "broker")
                        .put("_AMQ_OperationName", "createQueue"))
                .withBody(new JsonArray().add(queueConfiguration.encode()).add(true).encode())
                .build();
        sender.send(request);
        // A request that times out ends the preparation: no later answer is read as another queue's.
        AmqpMessage answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            throw new TimeoutException("no answer to declaring " + queue + " within " + timeout);
        }
        Boolean succeeded = answer.applicationProperties().getBoolean("_AMQ_OperationSucceeded");
        if (Boolean.TRUE.equals(succeeded)) {
            LOG.infof("Queue %s declared durable, %s and permanent on the broker", queue,
                    topic == null ? "anycast" : "multicast on " + topic);
        } else {
            LOG.warnf("The broker refused to declare queue %s: %s", queue, answer.bodyAsString());
        }
    }

    private static String product(AmqpConnection connection) {
        Map<Symbol, Object> properties = ((AmqpConnectionImpl) connection).unwrap().getRemoteProperties();
        Object product = properties == null ? null : properties.get(Symbol.valueOf("product"));
        return product == null ? "an unknown broker" : product.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The addresses the AMQP channels consume, sorted, each once. */
    static List<String> consumerAddresses(MessagingChannels channels) {
        TreeSet<String> addresses = new TreeSet<>();
        channels.incoming().forEach((channel, attributes) -> {
            if (attributes.connector().filter(CONNECTORS::contains).isPresent()) {
                addresses.add(channels.incomingAddress(channel));
            }
        });
        return List.copyOf(addresses);
    }

    static BrokerKind kindOf(String product) {
        if (product.contains("artemis")) {
            return BrokerKind.ARTEMIS;
        }
        return product.contains("rabbitmq") ? BrokerKind.RABBITMQ : BrokerKind.GENERIC;
    }

    private static <T> T await(Future<T> future, Duration timeout) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
