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

/** Reads a queue's counters from any ActiveMQ Artemis through its management address over AMQP. */
final class ArtemisManagement {

    private ArtemisManagement() {
    }

    /** messageCount of the queue (it includes the deliveries not yet settled); 0 when there is no such queue. */
    static long messageCount(int port, String queue) {
        Vertx vertx = Vertx.vertx();
        try {
            AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port));
            AmqpConnection connection = await(client.connect().toCompletionStage().toCompletableFuture());
            AmqpReceiver replies = await(connection.createDynamicReceiver().toCompletionStage().toCompletableFuture());
            CompletableFuture<AmqpMessage> reply = new CompletableFuture<>();
            replies.handler(reply::complete);
            AmqpSender sender = await(connection.createSender("activemq.management").toCompletionStage()
                    .toCompletableFuture());
            sender.send(AmqpMessage.create().replyTo(replies.address())
                    .applicationProperties(new JsonObject().put("_AMQ_ResourceName", "queue." + queue)
                            .put("_AMQ_Attribute", "messageCount"))
                    .withBody("[]").build());
            AmqpMessage answer = await(reply);
            if (!Boolean.TRUE.equals(answer.applicationProperties().getBoolean("_AMQ_OperationSucceeded"))) {
                return 0;
            }
            return new JsonArray(answer.bodyAsString()).getLong(0);
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
