package io.steadfast.runtime.transport.amqp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.config.AmqpGlobals;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.transport.MessageSender;
import io.steadfast.runtime.transport.OutboundEnvelope;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpMessageBuilder;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Sends durable messages to any queue and completes once the broker accepted them. One connection, opened on first
 * use, and one sender link per address: not every broker offers the anonymous relay (RabbitMQ 3.x does not), so
 * each address gets a link of its own. A failed send drops the connection and its links; the next send reconnects,
 * and the callers (outbox relay, HTTP commands, dead-letter replay) decide when to try again.
 */
@ApplicationScoped
public class AmqpMessageSender implements MessageSender {

    @Inject
    TlsConfigurationRegistry tls;

    private static final Logger LOG = Logger.getLogger(AmqpMessageSender.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A send on a connection that died silently would otherwise never complete. */
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Vertx vertx;

    @Inject
    SteadfastConfig config;

    @Inject
    AmqpGlobals amqp;

    private final AtomicReference<Link> current = new AtomicReference<>();
    private volatile Map<String, List<String>> topics;

    private Map<String, List<String>> topics() {
        Map<String, List<String>> known = topics;
        if (known == null) {
            known = BrokerAddresses.topics(config);
            topics = known;
        }
        return known;
    }

    @Override
    public Uni<Void> send(OutboundEnvelope envelope) {
        String address = BrokerAddresses.of(config, envelope.address(), topics());
        Link link = link();
        return Uni.createFrom().completionStage(() -> link.sender(address)
                .compose(sender -> sender.sendWithAck(message(envelope, address))).toCompletionStage())
                .ifNoItem().after(ACCEPT_TIMEOUT).failWith(() -> new IllegalStateException("The broker did not accept"
                        + " message " + envelope.messageId() + " for " + address + " within " + ACCEPT_TIMEOUT))
                .onFailure().invoke(failure -> {
                    LOG.debugf("Sending to %s failed (%s); reconnecting on the next send", address, failure);
                    drop(link);
                });
    }

    private static AmqpMessage message(OutboundEnvelope envelope, String address) {
        AmqpMessageBuilder builder = AmqpMessage.create()
                .address(address)
                .id(envelope.messageId())
                .durable(true)
                .withBufferAsBody(Buffer.buffer(envelope.body()));
        if (!envelope.properties().isEmpty()) {
            builder.applicationProperties(new JsonObject(Map.copyOf(envelope.properties())));
        }
        if (envelope.groupId() != null) {
            builder.groupId(envelope.groupId());
        }
        if (envelope.contentType() != null) {
            builder.contentType(envelope.contentType());
        }
        return builder.build();
    }

    private Link link() {
        Link link = current.get();
        while (link == null) {
            Link fresh = new Link(AmqpClient.create(vertx,
                    AmqpClientSettings.from(amqp, CONNECT_TIMEOUT, tls, config.broker())),
                    this::drop);
            if (current.compareAndSet(null, fresh)) {
                return fresh;
            }
            fresh.client.close();
            link = current.get();
        }
        return link;
    }

    private void drop(Link link) {
        if (current.compareAndSet(link, null)) {
            link.client.close();
        }
    }

    @PreDestroy
    void close() {
        Link link = current.getAndSet(null);
        if (link != null) {
            link.client.close();
        }
    }

    /** One connection and its sender links, discarded as a whole when anything on it fails. */
    private static final class Link {

        private final AmqpClient client;
        private final Map<String, Future<AmqpSender>> senders = new ConcurrentHashMap<>();
        private final Future<AmqpConnection> connection;

        Link(AmqpClient client, Consumer<Link> onLost) {
            this.client = client;
            this.connection = client.connect().onSuccess(opened -> {
                opened.exceptionHandler(failure -> onLost.accept(this));
                opened.closeFuture().onComplete(closed -> onLost.accept(this));
            });
        }

        Future<AmqpSender> sender(String address) {
            return senders.computeIfAbsent(address, a -> connection.compose(opened -> opened.createSender(a,
                    new AmqpSenderOptions().setLinkName("steadfast-out-" + a))));
        }
    }
}
