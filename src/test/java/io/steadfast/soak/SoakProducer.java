package io.steadfast.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * An at-least-once producer that outlives the broker: each of a few threads holds its own connection, sends one
 * durable message at a time and waits for the broker's accept; a send that fails or gets no answer in time is sent
 * again (same id, same body) on a new connection until the broker confirms it. A message can therefore reach the
 * queue twice, as with any real producer, and the consumer's inbox has to cope.
 */
final class SoakProducer implements AutoCloseable {

    /** One message to send; {@code onConfirmed} runs once the broker has accepted it. */
    record Outgoing(String id, byte[] body, String contentType, Consumer<Long> onConfirmed) {
    }

    private static final long ANSWER_TIMEOUT_SECONDS = 10;

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private final String address;
    private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private volatile boolean closed;

    SoakProducer(int port, String address, int threads) {
        this.port = port;
        this.address = address;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "soak-producer-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    void send(Outgoing message) {
        queue.add(message);
    }

    /** Messages not yet confirmed by the broker, queued or being sent. */
    long unconfirmed(long submitted) {
        return submitted - confirmed.get();
    }

    long confirmed() {
        return confirmed.get();
    }

    /** Sends that were repeated because the broker did not confirm them in time or the connection broke. */
    long resends() {
        return resends.get();
    }

    private void work() {
        AmqpConnection connection = null;
        AmqpSender sender = null;
        Outgoing pending = null;
        while (!closed) {
            try {
                if (pending == null) {
                    pending = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (pending == null) {
                        continue;
                    }
                }
                if (sender == null) {
                    connection = await(AmqpClient.create(vertx, new AmqpClientOptions().setHost("127.0.0.1")
                            .setPort(port).setConnectTimeout(2_000)).connect());
                    sender = await(connection.createSender(address));
                }
                AmqpMessage message = AmqpMessage.create().durable(true).id(pending.id())
                        .withBufferAsBody(Buffer.buffer(pending.body())).contentType(pending.contentType()).build();
                await(sender.sendWithAck(message));
                confirmed.incrementAndGet();
                pending.onConfirmed().accept(System.currentTimeMillis());
                pending = null;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The broker is down, restarting, or the connection broke: a new connection, the same message.
                if (pending != null) {
                    resends.incrementAndGet();
                }
                if (connection != null) {
                    connection.close();
                }
                connection = null;
                sender = null;
                pauseBeforeReconnecting();
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    private void pauseBeforeReconnecting() {
        try {
            // A client's reconnect back-off (what any producer does), not a test waiting for a condition.
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            worker.interrupt();
        }
        vertx.close();
    }
}
