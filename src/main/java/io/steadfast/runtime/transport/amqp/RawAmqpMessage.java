package io.steadfast.runtime.transport.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Context;

/**
 * A received AMQP message whose payload is its raw body, never decoded: whatever it holds, it reaches the
 * pipeline, which can then dead-letter it. Ack accepts; nack hands it back as failed (modified, delivery-failed).
 */
final class RawAmqpMessage implements Message<byte[]> {

    private final AmqpMessage message;
    private final Context context;
    private final Metadata metadata;

    RawAmqpMessage(AmqpMessage message, Context context) {
        this.message = message;
        this.context = context;
        this.metadata = Metadata.of(new IncomingAmqpMetadata(message), new ReceivingContext(context));
    }

    @Override
    public byte[] getPayload() {
        return AmqpDeliveryAdapter.rawBody(message.unwrap().getBody());
    }

    @Override
    public Metadata getMetadata() {
        return metadata;
    }

    @Override
    public CompletionStage<Void> ack(Metadata ignored) {
        return settle(AmqpMessage::accepted);
    }

    @Override
    public CompletionStage<Void> nack(Throwable reason, Metadata ignored) {
        return settle(m -> m.modified(true, false));
    }

    private CompletionStage<Void> settle(Consumer<AmqpMessage> disposition) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            disposition.accept(message);
            done.complete(null);
        });
        return done;
    }
}
