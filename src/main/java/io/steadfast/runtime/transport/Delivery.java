package io.steadfast.runtime.transport;

import io.smallrye.mutiny.Uni;

/**
 * One unsettled delivery and the two ways the runtime can settle it. Exactly one of them is called, once.
 * <p>
 * There is deliberately no "failed" settlement: Steadfast counts attempts in its own database, and a broker that
 * counts failed deliveries itself (Artemis's max-delivery-attempts, RabbitMQ quorum queues' delivery-limit) would
 * dead-letter or drop a message behind Steadfast's back, before its attempt budget is spent.
 */
public interface Delivery {

    InboundEnvelope envelope();

    /** The effect committed (or was already committed): the broker may forget the message. */
    Uni<Void> accept();

    /**
     * Hand the message back untouched, for a redelivery: the consumer cannot take it now, or its attempt failed
     * and the runtime already counted that and waited its redelivery delay.
     */
    Uni<Void> release();
}
