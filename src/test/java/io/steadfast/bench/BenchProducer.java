package io.steadfast.bench;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Durable messages to one queue over one connection, with up to {@value #WINDOW} sends awaiting the broker's accept
 * at a time. A send the broker refuses fails the benchmark: a benchmark that loses messages measures nothing.
 */
final class BenchProducer implements AutoCloseable {

    static final int WINDOW = 500;

    private final Vertx vertx = Vertx.vertx();
    private final AmqpConnection connection;
    private final AmqpSender sender;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    BenchProducer(int port, String queue) {
        connection = await(AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1").setPort(port))
                .connect());
        sender = await(connection.createSender(queue));
    }

    /** Sends one message, waiting while {@value #WINDOW} are unconfirmed. */
    void send(String id, byte[] body) {
        if (failure.get() != null) {
            throw new IllegalStateException("The broker refused a send", failure.get());
        }
        window.acquireUninterruptibly();
        AmqpMessage message = AmqpMessage.create().durable(true).id(id).contentType("application/json")
                .withBufferAsBody(Buffer.buffer(body)).build();
        sender.sendWithAck(message).onComplete(result -> {
            window.release();
            if (result.succeeded()) {
                confirmed.incrementAndGet();
            } else {
                failure.compareAndSet(null, result.cause());
            }
        });
    }

    /** Sends a transfer under its message id. */
    void send(Transfers.Transfer transfer) {
        send(transfer.messageId(), transfer.body());
    }

    void sendAll(List<Transfers.Transfer> transfers) {
        transfers.forEach(this::send);
    }

    /** Waits until every send so far is confirmed. */
    void flush() {
        try {
            if (!window.tryAcquire(WINDOW, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The broker did not confirm the sends within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        window.release(WINDOW);
        if (failure.get() != null) {
            throw new IllegalStateException("The broker refused a send", failure.get());
        }
    }

    long confirmed() {
        return confirmed.get();
    }

    @Override
    public void close() {
        connection.close();
        vertx.close();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not connect to the broker", e);
        }
    }
}
