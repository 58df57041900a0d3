package io.steadfast.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.RelayListener;
import io.steadfast.runtime.transport.OutboundEnvelope;

/**
 * Fails a relay round once, after the broker accepted a chosen message and before it is marked published. A message
 * is chosen by its id or by its partition key.
 */
@ApplicationScoped
public class FailBeforeMark implements RelayListener {

    private static final Set<String> ARMED = ConcurrentHashMap.newKeySet();

    /** Arms for the message with this id, or for the first message with this partition key. */
    public static void arm(Object idOrKey) {
        ARMED.add(idOrKey.toString());
    }

    @Override
    public Uni<Void> accepted(List<OutboundEnvelope> sent) {
        for (OutboundEnvelope envelope : sent) {
            if (ARMED.remove(envelope.messageId())
                    || (envelope.groupId() != null && ARMED.remove(envelope.groupId()))) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "Crash between accept and mark of " + envelope.messageId()));
            }
        }
        return Uni.createFrom().voidItem();
    }
}
