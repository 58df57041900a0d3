package io.steadfast.runtime.transport.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.steadfast.runtime.config.BrokerKind;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Sends one durable JSON message to a queue and waits for the broker's accept: the README's way to put a message on
 * the service's queue by hand, on either broker, with nothing installed but the project. Run through Maven:
 * {@code ./mvnw -q compile exec:java@send -Dsend.body='{...}'} ({@code pom.xml} holds the execution). Written by hand
 * because neither broker ships an AMQP 1.0 sender that speaks to both with the addresses Steadfast uses.
 * <p>
 * System properties: {@code send.body} (required), {@code send.queue} (default {@code ledger.transfers}),
 * {@code send.broker} ({@code artemis} or {@code rabbitmq}; default artemis), {@code send.host} and {@code send.port}
 * (default {@code localhost}, and 5673, the embedded broker's, or 5672 for RabbitMQ), {@code send.user} and
 * {@code send.password} (none, or guest/guest for RabbitMQ), {@code send.message-id} (default a random UUID),
 * {@code send.group-id} (none), {@code send.virtual-host} (the broker's default; see
 * {@code steadfast.broker.virtual-host}).
 */
public final class SendMessage {

    private SendMessage() {
    }

    public static void main(String[] args) throws Exception {
        String body = System.getProperty("send.body");
        if (body == null || body.isBlank()) {
            System.err.println("Nothing to send: give the message as -Dsend.body='{...}'");
            System.exit(2);
        }
        BrokerKind kind = BrokerKind.valueOf(System.getProperty("send.broker", "artemis").toUpperCase(Locale.ROOT));
        boolean rabbit = kind == BrokerKind.RABBITMQ;
        String queue = System.getProperty("send.queue", "ledger.transfers");
        String address = BrokerAddresses.of(kind, queue, Map.of());
        String messageId = System.getProperty("send.message-id", UUID.randomUUID().toString());
        AmqpClientOptions options = new AmqpClientOptions()
                .setHost(System.getProperty("send.host", "localhost"))
                .setPort(Integer.getInteger("send.port", rabbit ? 5672 : 5673));
        AmqpClientSettings.openHostname(kind, Optional.ofNullable(System.getProperty("send.virtual-host")))
                .ifPresent(options::setVirtualHost);
        String user = System.getProperty("send.user", rabbit ? "guest" : null);
        if (user != null) {
            options.setUsername(user).setPassword(System.getProperty("send.password", rabbit ? "guest" : ""));
        }
        Vertx vertx = Vertx.vertx();
        try {
            AmqpConnection connection = AmqpClient.create(vertx, options).connect().toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            AmqpSender sender = connection.createSender(address).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            var message = AmqpMessage.create().id(messageId).durable(true).contentType("application/json")
                    .withBufferAsBody(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
            String groupId = System.getProperty("send.group-id");
            if (groupId != null) {
                message.groupId(groupId);
            }
            sender.sendWithAck(message.build()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            System.out.println("Sent message " + messageId + " to " + address + " on " + options.getHost() + ":"
                    + options.getPort() + "; the broker accepted it");
            connection.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
