package io.steadfast.runtime.processing;

import java.util.concurrent.CompletableFuture;

import io.opentelemetry.api.trace.SpanContext;
import io.steadfast.runtime.transport.Delivery;

/** One delivery waiting in, or taken by, a batch: settled once its batch (or its attempt alone) is over. */
final class BatchItem {

    private final Delivery delivery;
    private final InboundMessage message;
    private final SpanContext trace;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    BatchItem(Delivery delivery, InboundMessage message, SpanContext trace) {
        this.delivery = delivery;
        this.message = message;
        this.trace = trace;
    }

    Delivery delivery() {
        return delivery;
    }

    InboundMessage message() {
        return message;
    }

    /** The delivery's own span (invalid when untraced): a batch's span links to it. */
    SpanContext trace() {
        return trace;
    }

    String messageId() {
        return message.messageId();
    }

    CompletableFuture<Void> settled() {
        return settled;
    }
}
