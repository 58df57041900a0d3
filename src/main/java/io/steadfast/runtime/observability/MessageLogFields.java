package io.steadfast.runtime.observability;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.steadfast.runtime.transport.InboundEnvelope;

/**
 * The fields every log line about a message carries (MDC; JSON logs show them as fields, docs/observability.md):
 * {@code channel}, {@code messageId}, {@code attempt} (the broker's delivery of it, 1 for the first) and, when
 * tracing is on, {@code traceId} and {@code spanId}. Never the body. Set on the delivery's own duplicated Vert.x
 * context, where Quarkus keeps the MDC: the fields stay with that delivery's work whichever event loop runs it, and
 * end with it.
 */
public final class MessageLogFields {

    public static final String CHANNEL = "channel";
    public static final String MESSAGE_ID = "messageId";
    public static final String ATTEMPT = "attempt";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private MessageLogFields() {
    }

    /** Puts the delivery's fields in the MDC of the calling (delivery's) context. */
    public static void enter(String channel, InboundEnvelope envelope, Span span) {
        MDC.put(CHANNEL, channel);
        if (envelope.messageId() != null) {
            MDC.put(MESSAGE_ID, envelope.messageId());
        }
        MDC.put(ATTEMPT, String.valueOf(envelope.deliveryCount() + 1));
        if (span.getSpanContext().isValid()) {
            MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
            MDC.put(SPAN_ID, span.getSpanContext().getSpanId());
        }
    }
}
