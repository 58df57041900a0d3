package io.steadfast.testing.brokers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads a queue's counters and runs its operations on any ActiveMQ Artemis, through its management address over
 * AMQP.
 */
public final class ArtemisManagement {

    private ArtemisManagement() {
    }

    /** messageCount of the queue (it includes the deliveries not yet settled); 0 when there is no such queue. */
    public static long messageCount(int port, String queue) {
        JsonArray answer = request(port, new JsonObject().put("_AMQ_ResourceName", "queue." + queue)
                .put("_AMQ_Attribute", "messageCount"));
        return answer == null ? 0 : answer.getLong(0);
    }

    /**
     * Runs an operation without arguments on a queue's control ({@code pause}, {@code resume}); fails when the
     * broker refuses it.
     */
    static void invoke(int port, String queue, String operation) {
        if (request(port, new JsonObject().put("_AMQ_ResourceName", "queue." + queue)
                .put("_AMQ_OperationName", operation)) == null) {
            throw new IllegalStateException("Artemis refused " + operation + " on queue " + queue);
        }
    }

    /** The answer's body, or null when the broker says the request failed. */
    private static JsonArray request(int port, JsonObject properties) {
        Vertx vertx = Vertx.vertx();
        try {
            AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port));
            AmqpConnection connection = await(client.connect().toCompletionStage().toCompletableFuture());
            AmqpReceiver replies = await(connection.createDynamicReceiver().toCompletionStage().toCompletableFuture());
            CompletableFuture<AmqpMessage> reply = new CompletableFuture<>();
            replies.handler(reply::complete);
            AmqpSender sender = await(connection.createSender("activemq.management").toCompletionStage()
                    .toCompletableFuture());
            sender.send(AmqpMessage.create().replyTo(replies.address()).applicationProperties(properties)
                    .withBody("[]").build());
            AmqpMessage answer = await(reply);
            if (!Boolean.TRUE.equals(answer.applicationProperties().getBoolean("_AMQ_OperationSucceeded"))) {
                return null;
            }
            String body = answer.bodyAsString();
            return body == null || body.isBlank() || body.equals("null") ? new JsonArray() : new JsonArray(body);
        } finally {
            vertx.close();
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Artemis management request failed", e);
        }
    }
}
