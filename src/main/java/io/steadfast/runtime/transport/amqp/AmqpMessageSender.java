package io.steadfast.runtime.transport.amqp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.steadfast.runtime.transport.MessageSender;
import io.steadfast.runtime.transport.OutboundEnvelope;
import io.vertx.core.json.JsonObject;

/**
 * Sends durable messages to any address through the {@code steadfast-out} channel (anonymous relay), and
 * completes once the broker accepted them.
 */
@ApplicationScoped
public class AmqpMessageSender implements MessageSender {

    public static final String CHANNEL = "steadfast-out";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    @Override
    public Uni<Void> send(OutboundEnvelope envelope) {
        OutgoingAmqpMetadata.OutgoingAmqpMetadataBuilder metadata = OutgoingAmqpMetadata.builder()
                .withAddress(envelope.address())
                .withMessageId(envelope.messageId())
                .withDurable(true)
                .withApplicationProperties(new JsonObject(envelope.properties()));
        if (envelope.groupId() != null) {
            metadata.withGroupId(envelope.groupId());
        }
        if (envelope.contentType() != null) {
            metadata.withContentType(envelope.contentType());
        }
        return emitter.sendMessage(Message.of(envelope.body(), Metadata.of(metadata.build())));
    }
}
