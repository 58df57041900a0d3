package io.steadfast.runtime.transport;

import io.smallrye.mutiny.Uni;

/**
 * One unsettled delivery and the three ways the runtime can settle it. Exactly one of them is called, once.
 */
public interface Delivery {

    InboundEnvelope envelope();

    /** The effect committed (or was already committed): the broker may forget the message. */
    Uni<Void> accept();

    /** Hand the message back untouched (not a failure of the message: the consumer cannot take it now). */
    Uni<Void> release();

    /** Hand the message back as failed, for a later redelivery. */
    Uni<Void> fail(Throwable cause);
}
