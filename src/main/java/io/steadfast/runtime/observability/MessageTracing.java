package io.steadfast.runtime.observability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.common.vertx.VertxContext;
import io.steadfast.runtime.config.QuarkusSettings;
import io.steadfast.runtime.transport.InboundEnvelope;
import io.steadfast.runtime.transport.OutboundEnvelope;

/**
 * One trace from a command to every message it causes: the trace context (W3C {@code traceparent},
 * {@code tracestate}) travels in an outbox row's headers, which become the AMQP message's application properties.
 * The relay's send is a producer span under the context the row was written in; a consumer's processing is a
 * consumer span under the context the message carries, current on the delivery's Vert.x context, so that what its
 * handler writes to the outbox carries it on. With the OpenTelemetry SDK disabled (the default) all of this is a
 * no-op and nothing is added to messages (TracingOffTest).
 */
@ApplicationScoped
public class MessageTracing {

    public static final String INSTRUMENTATION = "io.steadfast";
    public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("steadfast.outcome");
    public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");

    private static final TextMapGetter<Map<String, Object>> FROM_PROPERTIES = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            return carrier == null || !(carrier.get(key) instanceof String value) ? null : value;
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean enabled;

    /**
     * With the SDK disabled Quarkus still hands out span contexts (valid, even sampled, exported nowhere): Steadfast
     * then makes no span, adds nothing to messages and sets nothing current, so "off" changes nothing.
     */
    @Inject
    public MessageTracing(OpenTelemetry openTelemetry, QuarkusSettings quarkus) {
        boolean sdkDisabled = quarkus.otel().sdk().disabled();
        OpenTelemetry effective = sdkDisabled ? OpenTelemetry.noop() : openTelemetry;
        this.tracer = effective.getTracer(INSTRUMENTATION);
        this.propagator = effective.getPropagators().getTextMapPropagator();
        this.enabled = !sdkDisabled;
    }

    /** The headers of an outgoing message, with the current trace context added (when there is one). */
    public Map<String, Object> withCurrentContext(Map<String, ?> headers) {
        Map<String, Object> traced = new HashMap<>(headers);
        if (!enabled || !Span.current().getSpanContext().isValid()) {
            return traced;
        }
        propagator.inject(Context.current(), traced, (carrier, key, value) -> carrier.put(key, value));
        return traced;
    }

    /** The relay's send of an outbox row: a producer span, and the envelope carrying the span's context. */
    public Publication publish(OutboundEnvelope envelope) {
        Context parent = propagator.extract(Context.root(), envelope.properties(), FROM_PROPERTIES);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return new Publication(Span.getInvalid(), envelope);
        }
        Span span = tracer.spanBuilder("publish " + envelope.address()).setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "amqp")
                .setAttribute(DESTINATION, envelope.address())
                .setAttribute(MESSAGE_ID, envelope.messageId())
                .setAttribute(OPERATION, "send")
                .startSpan();
        Map<String, Object> properties = new HashMap<>(envelope.properties());
        propagator.inject(parent.with(span), properties, (carrier, key, value) -> carrier.put(key, value));
        return new Publication(span, new OutboundEnvelope(envelope.address(), envelope.messageId(), envelope.body(),
                envelope.contentType(), properties, envelope.groupId()));
    }

    /**
     * A consumer span for one delivery, under the context the message carries (a new trace when it carries none),
     * made current on the calling Vert.x context: call it on the delivery's own duplicated context.
     */
    public Span process(String channel, String consumer, String address, InboundEnvelope envelope) {
        Context parent = propagator.extract(Context.root(), envelope.properties(), FROM_PROPERTIES);
        Span span = tracer.spanBuilder("process " + address).setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "amqp")
                .setAttribute(DESTINATION, address)
                .setAttribute(CONSUMER_GROUP, consumer)
                .setAttribute(OPERATION, "process")
                .setAttribute("steadfast.channel", channel)
                .startSpan();
        if (envelope.messageId() != null) {
            span.setAttribute(MESSAGE_ID, envelope.messageId());
        }
        if (span.getSpanContext().isValid() && VertxContext.isOnDuplicatedContext()) {
            // Kept in the duplicated context's locals (Quarkus' context storage), which are the delivery's alone and
            // end with it: the scope needs no closing. Never on a thread-local, where it would outlive the delivery.
            parent.with(span).makeCurrent();
        }
        return span;
    }

    /**
     * The span of a batch's transaction: one transaction for deliveries of many traces, so a new trace linked to
     * each delivery's span (OpenTelemetry's batch convention), current on the calling Vert.x context so that what
     * the batch writes to the outbox carries it on.
     */
    public Span processBatch(String channel, String consumer, String address, List<SpanContext> deliveries) {
        SpanBuilder builder = tracer.spanBuilder("process " + address).setNoParent()
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "amqp")
                .setAttribute(DESTINATION, address)
                .setAttribute(CONSUMER_GROUP, consumer)
                .setAttribute(OPERATION, "process")
                .setAttribute(BATCH_SIZE, (long) deliveries.size())
                .setAttribute("steadfast.channel", channel);
        deliveries.stream().filter(SpanContext::isValid).forEach(builder::addLink);
        Span span = builder.startSpan();
        if (span.getSpanContext().isValid() && VertxContext.isOnDuplicatedContext()) {
            Context.root().with(span).makeCurrent();
        }
        return span;
    }

    /** Ends a span, marking it failed when the work failed. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** What happened to the message being processed on this context: committed, duplicate, dead-lettered... */
    public static void outcome(String outcome) {
        Span.current().setAttribute(OUTCOME, outcome);
    }

    /** A send under way: its span (invalid when untraced) and the envelope to send. */
    public record Publication(Span span, OutboundEnvelope envelope) {
    }
}
