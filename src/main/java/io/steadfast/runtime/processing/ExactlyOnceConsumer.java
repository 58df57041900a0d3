package io.steadfast.runtime.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.observability.MessageLogFields;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.recoverability.AttemptCount;
import io.steadfast.runtime.recoverability.AttemptOutcome;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.recoverability.Backoff;
import io.steadfast.runtime.transport.Delivery;
import io.steadfast.runtime.transport.InboundEnvelope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The consume pipeline of one channel: identity, bounded admission, per-key order, one attempt through the
 * handler (inbox and effects in one transaction), then settlement, strictly after the commit.
 */
public final class ExactlyOnceConsumer {

    /** Reason of a dead letter for a message that carries no message id. */
    public static final String MISSING_MESSAGE_ID = "missing-message-id";

    private static final Logger LOG = Logger.getLogger(ExactlyOnceConsumer.class);

    private final String channel;
    private final String consumer;
    private final String sourceAddress;
    private final String partitionKeyProperty;
    private final int attemptBudget;
    private final int crashBudget;
    private final IntakeLimits limits;
    private final Settlement.Rules rules;
    private final MessageHandler handler;
    private final Settlement settlement;
    private final AttemptStore attempts;
    private final MessageTracing tracing;
    private final Vertx vertx;
    private final InFlightLimiter limiter;
    private final KeyedSequencer sequencer = new KeyedSequencer();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Batcher batcher;
    private final BatchAttempts batches;
    private final BatchAttempts.Path batchPath;

    /**
     * @param sourceAddress the address the channel consumes from, as a dead letter records it
     * @param batches the batch path, taken when {@code handler} has one and the settings ask for batches
     */
    ExactlyOnceConsumer(String channel, String sourceAddress, SteadfastConfig.Consumer settings,
            MessageHandler handler, Settlement settlement, BatchAttempts batches, AttemptStore attempts,
            MessageTracing tracing, Vertx vertx) {
        this.channel = channel;
        this.consumer = settings.name().orElse(channel);
        this.sourceAddress = sourceAddress;
        this.partitionKeyProperty = settings.partitionKeyProperty().orElse(null);
        this.attemptBudget = settings.attemptBudget();
        this.crashBudget = settings.crashBudget();
        this.limits = new IntakeLimits(settings.maxBodySize().asLongValue(), settings.maxProperties());
        this.rules = new Settlement.Rules(channel, consumer, attemptBudget, new Backoff(settings.redeliveryDelay(),
                settings.redeliveryMaxDelay(), 0.2, () -> ThreadLocalRandom.current().nextDouble()));
        this.handler = handler;
        this.settlement = settlement;
        this.attempts = attempts;
        this.tracing = tracing;
        this.vertx = vertx;
        this.limiter = new InFlightLimiter(settings.concurrency());
        int batchSize = Math.min(settings.batch().size(), settings.concurrency());
        if (batchSize > 1 && handler instanceof BatchHandler batchHandler) {
            this.batches = batches;
            this.batchPath = new BatchAttempts.Path(channel, consumer, sourceAddress, crashBudget, batchHandler,
                    this::attempt);
            this.batcher = new Batcher(batchSize, settings.batch().maxWait(), vertx, this::runBatch);
        } else {
            this.batches = null;
            this.batchPath = null;
            this.batcher = null;
        }
        if (settings.batch().size() > 1 && !(handler instanceof BatchHandler)) {
            LOG.warnf("Channel %s is configured with batch size %d, but its handler %s has no batch path"
                    + " (BatchHandler); each message gets a transaction of its own", channel,
                    settings.batch().size(), handler.getClass().getName());
        } else if (settings.batch().size() > settings.concurrency()) {
            LOG.warnf("Channel %s: batch size %d is above its concurrency %d; batches hold at most %d", channel,
                    settings.batch().size(), settings.concurrency(), settings.concurrency());
        }
    }

    /**
     * Takes one message from the channel. Completes as soon as the message is admitted (a slot is free), so the
     * channel keeps at most {@code concurrency} deliveries in flight; the message is settled later.
     */
    Uni<Void> admit(Delivery delivery) {
        return limiter.acquire().invoke(() -> sequencer.submit(partitionKey(delivery.envelope()),
                () -> process(delivery).onTermination().invoke(limiter::release).subscribeAsCompletionStage()));
    }

    /** Stops starting new work: what is admitted but not started is handed back. */
    void stop() {
        stopping.set(true);
    }

    int inFlight() {
        return limiter.inFlight();
    }

    String channel() {
        return channel;
    }

    String sourceAddress() {
        return sourceAddress;
    }

    String consumerName() {
        return consumer;
    }

    private Uni<Void> process(Delivery delivery) {
        if (holdingBack()) {
            return settlement.release(rules, delivery);
        }
        Context context = Contexts.newDeliveryContext(vertx);
        return Contexts.on(context, () -> {
            InboundEnvelope envelope = delivery.envelope();
            Span span = tracing.process(channel, consumer, sourceAddress, envelope);
            MessageLogFields.enter(channel, envelope, span);
            return admitted(delivery, context).onItemOrFailure()
                    .invoke((ignored, failure) -> MessageTracing.end(span, failure));
        }).onFailure().invoke(failure -> LOG.warnf(failure,
                "Settling message %s on channel %s failed; the broker will redeliver it",
                delivery.envelope().messageId(), channel));
    }

    /** Intake checks, then the handler (or the batch): the delivery's work, on its own context. */
    private Uni<Void> admitted(Delivery delivery, Context context) {
        InboundEnvelope envelope = delivery.envelope();
        if (envelope.messageId() == null) {
            return settlement.deadLetter(rules, delivery, MISSING_MESSAGE_ID, null, AttemptCount.none(Instant.now()));
        }
        Optional<IntakeLimits.Refusal> refusal = limits.check(envelope);
        if (refusal.isPresent()) {
            return settlement.deadLetter(rules, delivery, refusal.get().reason(),
                    new IllegalArgumentException(refusal.get().message()), AttemptCount.none(Instant.now()));
        }
        InboundMessage message = new InboundMessage(channel, consumer, envelope,
                partitionKey(envelope), attemptBudget, crashBudget, context);
        if (batcher != null) {
            BatchItem item = new BatchItem(delivery, message, Span.current().getSpanContext());
            batcher.add(item);
            return Uni.createFrom().completionStage(item.settled());
        }
        return attempt(message).chain(outcome -> settlement.settle(rules, delivery, message, outcome));
    }

    /**
     * One attempt of the message through its handler (and the handler's immediate retries, Fault Tolerance's), as its
     * outcome.
     */
    private Uni<AttemptOutcome> attempt(InboundMessage message) {
        return Uni.createFrom().deferred(() -> outcomeOf(handler.handle(message)))
                .onItemOrFailure().transformToUni((result, escaped) -> {
                    if (escaped instanceof RetryNow retry) {
                        return Uni.createFrom().<AttemptOutcome> item(retry.outcome()); // the retries are spent
                    }
                    if (escaped != null) {
                        // A Fault Tolerance guard refused the call (circuit open, bulkhead full, timeout): that
                        // counts as a failed attempt too.
                        return FailedAttempts.count(attempts, message, escaped);
                    }
                    if (result instanceof AttemptOutcome outcome) {
                        return Uni.createFrom().item(outcome);
                    }
                    return Uni.createFrom().failure(new IllegalStateException("Handler for channel " + channel
                            + " returned without an attempt: annotate it @ExactlyOnce"));
                });
    }

    /**
     * The call's {@code Uni} as what it carries: the attempt's outcome, put there by {@link ExactlyOnceInterceptor}
     * in place of the handler's own {@code Uni<Void>}. Re-typed as a whole, never item by item: a function typed
     * {@code Void -> ...} (even {@code Object.class::cast}) would cast the outcome to {@code Void} and fail.
     */
    @SuppressWarnings("unchecked")
    private static Uni<Object> outcomeOf(Uni<Void> call) {
        return (Uni<Object>) (Uni<?>) call;
    }

    /**
     * Runs a gathered batch (each of its transactions takes a context of its own, see {@link BatchAttempts}), then
     * settles each of its deliveries on the message's context.
     */
    private void runBatch(List<BatchItem> items) {
        List<BatchItem> runnable = new ArrayList<>();
        for (BatchItem item : items) {
            if (holdingBack()) {
                settleWith(item, settlement.release(rules, item.delivery()));
            } else {
                runnable.add(item);
            }
        }
        if (runnable.isEmpty()) {
            return;
        }
        Uni.createFrom().deferred(() -> batches.run(batchPath, runnable))
                .subscribe().with(
                        outcomes -> runnable.forEach(item -> settleWith(item, Contexts.on(item.message().context(),
                                () -> settlement.settle(rules, item.delivery(), item.message(),
                                        outcomes.get(item))))),
                        failure -> {
                            // Not expected: a batch gives every message an outcome. Hand them all back.
                            LOG.errorf(failure, "A batch on channel %s failed unexpectedly; its %d deliveries are"
                                    + " handed back", channel, runnable.size());
                            runnable.forEach(item -> settleWith(item, settlement.release(rules, item.delivery())));
                        });
    }

    private static void settleWith(BatchItem item, Uni<Void> settling) {
        settling.subscribe().with(ignored -> item.settled().complete(null), item.settled()::completeExceptionally);
    }

    private String partitionKey(InboundEnvelope envelope) {
        if (envelope.groupId() != null) {
            return envelope.groupId();
        }
        if (partitionKeyProperty != null) {
            Object value = envelope.properties().get(partitionKeyProperty);
            return value == null ? null : value.toString();
        }
        return null;
    }

    /** Shutting down, or paused for the database: deliveries are handed back untouched. */
    private boolean holdingBack() {
        return stopping.get() || settlement.paused();
    }
}
