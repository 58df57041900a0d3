package io.steadfast.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpMessageBuilder;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Sends durable messages straight to a broker (not through the service's proxy) and waits for its accept. */
public final class AmqpTestClient implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final AmqpClient client;
    private final AmqpConnection connection;
    private final ConcurrentHashMap<String, AmqpSender> senders = new ConcurrentHashMap<>();
    private final UnaryOperator<String> addresses;

    private AmqpTestClient(int port, String username, String password, UnaryOperator<String> addresses) {
        this(port, username, password, addresses, null);
    }

    private AmqpTestClient(int port, String username, String password, UnaryOperator<String> addresses,
            String openHostname) {
        this.addresses = addresses;
        AmqpClientOptions options = new AmqpClientOptions().setHost("127.0.0.1").setPort(port);
        if (openHostname != null) {
            options.setVirtualHost(openHostname);
        }
        if (username != null) {
            options.setUsername(username).setPassword(password);
        }
        client = AmqpClient.create(vertx, options);
        connection = await(client.connect().toCompletionStage().toCompletableFuture());
    }

    public static AmqpTestClient connect(int port) {
        return new AmqpTestClient(port, null, null, UnaryOperator.identity());
    }

    /** A client whose queue names are turned into the broker's addresses by {@code addresses}. */
    public static AmqpTestClient connect(int port, String username, String password,
            UnaryOperator<String> addresses) {
        return new AmqpTestClient(port, username, password, addresses);
    }

    /** A client of a RabbitMQ virtual host: {@code vhost:<name>} in the open frame, as its AMQP 1.0 plugin reads it. */
    public static AmqpTestClient connectToVirtualHost(int port, String username, String password, String vhost,
            UnaryOperator<String> addresses) {
        return new AmqpTestClient(port, username, password, addresses, "vhost:" + vhost);
    }

    /** Sends every message, at most 500 awaiting the broker's accept at a time, and returns once all are accepted. */
    public void sendAll(String address, List<TestMessage> messages) {
        Semaphore window = new Semaphore(500);
        CompletableFuture<?>[] sent = new CompletableFuture<?>[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            window.acquireUninterruptibly();
            sent[i] = sendAsync(address, messages.get(i)).whenComplete((ok, failure) -> window.release());
        }
        await(CompletableFuture.allOf(sent));
    }

    public void send(String address, TestMessage message) {
        await(sendAsync(address, message));
    }

    /** Sends a message built with Proton itself: any body section, id type or property value AMQP allows. */
    public void sendRaw(String address, org.apache.qpid.proton.message.Message message) {
        message.setDurable(true);
        await(sender(address).sendWithAck(AmqpMessage.create(message).build()).toCompletionStage()
                .toCompletableFuture());
    }

    private CompletableFuture<Void> sendAsync(String address, TestMessage message) {
        AmqpMessageBuilder builder = AmqpMessage.create().durable(true);
        if (message.id() != null) {
            builder.id(message.id());
        }
        if (message.dataSection()) {
            builder.withBufferAsBody(Buffer.buffer(message.body().getBytes(StandardCharsets.UTF_8)))
                    .contentType("application/json");
        } else {
            builder.withBody(message.body());
        }
        if (message.groupId() != null) {
            builder.groupId(message.groupId());
        }
        if (!message.properties().isEmpty()) {
            builder.applicationProperties(new JsonObject(message.properties()));
        }
        AmqpMessage amqp = builder.build();
        return sender(address).sendWithAck(amqp).toCompletionStage().toCompletableFuture();
    }

    /** A message as received: its id, group id and body text. */
    public record Received(String id, String groupId, String body) {
    }

    /** Receives (and accepts) exactly {@code count} messages from {@code address}, waiting at most {@code seconds}. */
    public List<Received> receive(String address, int count, int seconds) {
        List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AmqpReceiver receiver = await(connection.createReceiver(addresses.apply(address), new AmqpReceiverOptions()
                .setCapabilities(List.of("queue"))).toCompletionStage().toCompletableFuture());
        receiver.handler(message -> {
            received.add(new Received(message.id(), message.groupId(), body(message)));
            if (received.size() >= count) {
                done.complete(null);
            }
        });
        try {
            done.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Received " + received.size() + " of " + count + " from " + address, e);
        } finally {
            receiver.close();
        }
        return List.copyOf(received);
    }

    private static String body(AmqpMessage message) {
        Object section = message.unwrap().getBody();
        if (section instanceof org.apache.qpid.proton.amqp.messaging.Data data) {
            return new String(data.getValue().getArray(), data.getValue().getArrayOffset(), data.getValue().getLength(),
                    StandardCharsets.UTF_8);
        }
        return message.bodyAsString();
    }

    private AmqpSender sender(String address) {
        return senders.computeIfAbsent(address, a -> await(connection.createSender(addresses.apply(a))
                .toCompletionStage().toCompletableFuture()));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("AMQP operation failed", e);
        }
    }

    @Override
    public void close() {
        try {
            await(connection.close().toCompletionStage().toCompletableFuture());
        } finally {
            vertx.close();
        }
    }
}
