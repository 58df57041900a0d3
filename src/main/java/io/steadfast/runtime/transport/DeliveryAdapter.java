package io.steadfast.runtime.transport;

import org.eclipse.microprofile.reactive.messaging.Message;

/** Turns a channel message into a broker-neutral delivery. Implemented once per transport. */
public interface DeliveryAdapter {
    /**
     * @param sourceAddress the address the channel consumes from, recorded when the message names none (so a
     *        dead letter can always be replayed)
     */
    Delivery adapt(Message<?> message, String sourceAddress);
}
