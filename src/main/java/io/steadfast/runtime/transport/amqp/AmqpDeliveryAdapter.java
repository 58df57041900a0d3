package io.steadfast.runtime.transport.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.steadfast.runtime.transport.Delivery;
import io.steadfast.runtime.transport.DeliveryAdapter;
import io.steadfast.runtime.transport.InboundEnvelope;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Context;

/**
 * The only place that knows AMQP 1.0 deliveries: raw body bytes whatever the body section, and the two
 * dispositions Steadfast uses (accepted, released) executed on the connection's event loop. Never
 * {@code modified} with delivery-failed: Artemis counts those toward its own max-delivery-attempts and then moves
 * the message to its DLA, or deletes it when none is set. Never {@code rejected}: RabbitMQ discards a rejected
 * message unless a dead-letter exchange is configured.
 * Works for messages of both {@code steadfast-amqp} and {@code smallrye-amqp} channels.
 */
@ApplicationScoped
public class AmqpDeliveryAdapter implements DeliveryAdapter {

    @Override
    public Delivery adapt(Message<?> message, String sourceAddress) {
        IncomingAmqpMetadata meta = message.getMetadata(IncomingAmqpMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("Not an AMQP message: " + message.getClass().getName()));
        Map<String, Object> properties = meta.getProperties() == null ? Map.of() : meta.getProperties().getMap();
        AmqpMessage amqp = meta.getMessage();
        InboundEnvelope envelope = new InboundEnvelope(meta.getId(),
                meta.getAddress() != null ? meta.getAddress() : sourceAddress,
                rawBody(amqp.unwrap().getBody()), meta.getContentType(), properties, meta.getGroupId(),
                meta.getDeliveryCount());
        // Settlements run on the receiving connection's event loop, whichever thread handed the message on.
        return new AmqpDelivery(amqp, envelope, ReceivingContext.of(message).orElse(null));
    }

    static byte[] rawBody(Section body) {
        if (body instanceof Data data) {
            return bytes(data.getValue());
        }
        if (body instanceof AmqpValue value) {
            Object v = value.getValue();
            if (v == null) {
                return new byte[0];
            }
            if (v instanceof Binary binary) {
                return bytes(binary);
            }
            return String.valueOf(v).getBytes(StandardCharsets.UTF_8);
        }
        return body == null ? new byte[0] : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }

    // Proton decodes a body into an array of its own, exactly its size: that array is taken as it is, so a large body
    // is held once, not twice. Nothing writes to it; handlers get copies.
    private static byte[] bytes(Binary binary) {
        if (binary.getArrayOffset() == 0 && binary.getLength() == binary.getArray().length) {
            return binary.getArray();
        }
        byte[] out = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), out, 0, binary.getLength());
        return out;
    }

    private record AmqpDelivery(AmqpMessage message, InboundEnvelope envelope, Context connectionContext)
            implements Delivery {

        @Override
        public Uni<Void> accept() {
            return settle(AmqpMessage::accepted);
        }

        @Override
        public Uni<Void> release() {
            return settle(AmqpMessage::released);
        }

        private Uni<Void> settle(Consumer<AmqpMessage> disposition) {
            if (connectionContext == null) {
                throw new IllegalStateException("AMQP delivery " + envelope.messageId() + " carries no receiving"
                        + " connection context; it cannot be settled");
            }
            return Uni.createFrom().emitter(emitter -> connectionContext.runOnContext(ignored -> {
                disposition.accept(message);
                emitter.complete(null);
            }));
        }
    }
}
