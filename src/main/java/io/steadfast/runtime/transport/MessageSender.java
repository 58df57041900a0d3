package io.steadfast.runtime.transport;

import io.smallrye.mutiny.Uni;

/** Sends a message durably; the returned Uni completes once the broker has accepted it. */
public interface MessageSender {
    Uni<Void> send(OutboundEnvelope envelope);
}
