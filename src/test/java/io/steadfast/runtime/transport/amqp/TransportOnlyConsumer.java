package io.steadfast.runtime.transport.amqp;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.steadfast.runtime.config.AmqpGlobals;
import io.steadfast.runtime.config.BrokerKind;
import io.steadfast.runtime.config.SteadfastConfig;
import io.vertx.mutiny.core.Vertx;

/**
 * The benchmark's broker ceiling: Steadfast's own incoming connector ({@link SteadfastAmqpConnector}, the same
 * client, link options and settlement as a service's channel) on a queue, every message accepted as soon as it
 * arrives, at most {@code concurrency} unsettled at once, and no database work at all.
 */
public final class TransportOnlyConsumer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final SteadfastAmqpConnector connector = new SteadfastAmqpConnector();
    private final AtomicLong accepted = new AtomicLong();
    private volatile long lastAcceptedAt;
    private final Cancellable subscription;

    public TransportOnlyConsumer(int port, String queue, int concurrency) {
        connector.vertx = vertx;
        connector.steadfast = artemis();
        // No global amqp-* keys: the channel names its host and port.
        connector.amqp = new SmallRyeConfigBuilder().withMapping(AmqpGlobals.class).build()
                .getConfigMapping(AmqpGlobals.class);
        Config channel = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "channel-name", "transport-only",
                "connector", SteadfastAmqpConnector.NAME,
                "address", queue,
                "capabilities", "queue",
                "durable", "true",
                "host", "127.0.0.1",
                "port", String.valueOf(port)), "benchmark", 100)).build();
        Multi<Message<?>> messages = Multi.createFrom().publisher(connector.getPublisher(channel))
                .map(message -> (Message<?>) message);
        subscription = messages
                // A Uni of Void emits null, which merge drops: count the accepts as items.
                .onItem().transformToUni(message -> Uni.createFrom().completionStage(message.ack())
                        .replaceWith(Boolean.TRUE))
                .merge(concurrency)
                .subscribe().with(ignored -> {
                    lastAcceptedAt = System.currentTimeMillis();
                    accepted.incrementAndGet();
                });
    }

    public long accepted() {
        return accepted.get();
    }

    /** Wall-clock time of the last accept, in milliseconds. */
    public long lastAcceptedAt() {
        return lastAcceptedAt;
    }

    @Override
    public void close() {
        subscription.cancel();
        connector.close();
        vertx.closeAndAwait();
    }

    /**
     * The settings the connector reads from Steadfast's own configuration: the broker's kind, no address prefix, no
     * virtual host and no topics.
     */
    private static SteadfastConfig artemis() {
        SteadfastConfig.Broker broker = (SteadfastConfig.Broker) Proxy.newProxyInstance(
                SteadfastConfig.class.getClassLoader(), new Class<?>[] {SteadfastConfig.Broker.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("kind")) {
                        return BrokerKind.ARTEMIS;
                    }
                    if (method.getName().equals("addressPrefix") || method.getName().equals("virtualHost")) {
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (SteadfastConfig) Proxy.newProxyInstance(SteadfastConfig.class.getClassLoader(),
                new Class<?>[] {SteadfastConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("broker")) {
                        return broker;
                    }
                    if (method.getName().equals("topics")) {
                        return Map.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
