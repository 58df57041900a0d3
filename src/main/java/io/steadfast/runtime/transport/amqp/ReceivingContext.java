package io.steadfast.runtime.transport.amqp;

import java.util.Objects;
import java.util.Optional;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import io.vertx.core.Context;

/**
 * Metadata naming the Vert.x context of the connection a message was received on. A delivery must be settled on
 * that connection's event loop, and which thread hands the message on is not ours to know: in dev mode Quarkus
 * Messaging's hot-reload hook passes messages that arrive after an idle spell on through a thread of its own. So
 * the context travels with the message, as metadata (which survives the wrapping of {@code withMetadata}), and is
 * never read from the calling thread.
 */
record ReceivingContext(Context context) {

    ReceivingContext {
        Objects.requireNonNull(context, "context");
    }

    /**
     * The context {@code message} was received on: ours for {@code steadfast-amqp} channels, SmallRye's message
     * context for {@code smallrye-amqp} ones (a duplicate of the connection's, on the same event loop).
     */
    static Optional<Context> of(Message<?> message) {
        return message.getMetadata(ReceivingContext.class).map(ReceivingContext::context)
                .or(() -> message.getMetadata(LocalContextMetadata.class).map(LocalContextMetadata::context));
    }
}
