package io.steadfast.runtime.processing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.observability.MessageLogFields;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.recoverability.AttemptCount;
import io.steadfast.runtime.recoverability.AttemptOutcome;
import io.steadfast.runtime.recoverability.Backoff;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;
import io.steadfast.runtime.recoverability.RecoverabilityPolicy;
import io.steadfast.runtime.recoverability.RecoveryAction;
import io.steadfast.runtime.testing.CrashPoints;
import io.steadfast.runtime.transport.Delivery;
import io.steadfast.runtime.transport.InboundEnvelope;
import io.vertx.core.Context;

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
    private final Backoff redeliveryHold;
    private final MessageHandler handler;
    private final ConsumerServices services;
    private final InFlightLimiter limiter;
    private final KeyedSequencer sequencer = new KeyedSequencer();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Batcher batcher;
    private final BatchAttempts batches;

    ExactlyOnceConsumer(String channel, String sourceAddress, SteadfastConfig.Consumer settings,
            MessageHandler handler, ConsumerServices services) {
        this.channel = channel;
        this.consumer = settings.name().orElse(channel);
        this.sourceAddress = sourceAddress;
        this.partitionKeyProperty = settings.partitionKeyProperty().orElse(null);
        this.attemptBudget = settings.attemptBudget();
        this.crashBudget = settings.crashBudget();
        this.limits = new IntakeLimits(settings.maxBodySize().asLongValue(), settings.maxProperties());
        this.redeliveryHold = new Backoff(settings.redeliveryDelay(), settings.redeliveryMaxDelay(), 0.2,
                () -> ThreadLocalRandom.current().nextDouble());
        this.handler = handler;
        this.services = services;
        this.limiter = new InFlightLimiter(settings.concurrency());
        int batchSize = Math.min(settings.batch().size(), settings.concurrency());
        if (batchSize > 1 && handler instanceof BatchHandler batchHandler) {
            this.batches = new BatchAttempts(channel, consumer, sourceAddress, crashBudget, batchHandler,
                    this::attempt, services.notedStarts(), services);
            this.batcher = new Batcher(batchSize, settings.batch().maxWait(), services.vertx(), this::runBatch);
        } else {
            this.batches = null;
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
        services.metrics().inFlight(channel, limiter::inFlight);
        services.metrics().paused(channel, () -> services.gate().isOpen() ? 1 : 0);
    }

    /**
     * Takes one message from the channel. Completes as soon as the message is admitted (a slot is free), so the
     * channel keeps at most {@code concurrency} deliveries in flight; the message is settled later.
     */
    public Uni<Void> admit(Message<?> message) {
        Delivery delivery = services.adapter().adapt(message, sourceAddress);
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

    String consumerName() {
        return consumer;
    }

    private Uni<Void> process(Delivery delivery) {
        if (holdingBack()) {
            return release(delivery);
        }
        Context context = Contexts.newDeliveryContext(services.vertx());
        return Contexts.on(context, () -> {
            InboundEnvelope envelope = delivery.envelope();
            Span span = services.tracing().process(channel, consumer, sourceAddress, envelope);
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
            return deadLetter(delivery, MISSING_MESSAGE_ID, null, AttemptCount.none(Instant.now()));
        }
        Optional<IntakeLimits.Refusal> refusal = limits.check(envelope);
        if (refusal.isPresent()) {
            return deadLetter(delivery, refusal.get().reason(),
                    new IllegalArgumentException(refusal.get().message()), AttemptCount.none(Instant.now()));
        }
        InboundMessage message = new InboundMessage(channel, consumer, envelope,
                partitionKey(envelope), attemptBudget, crashBudget, context);
        if (batcher != null) {
            BatchItem item = new BatchItem(delivery, message, Span.current().getSpanContext());
            batcher.add(item);
            return Uni.createFrom().completionStage(item.settled());
        }
        return attempt(message).chain(outcome -> settle(delivery, message, outcome));
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
                        return FailedAttempts.count(services.attempts(), message, escaped);
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
                settleWith(item, release(item.delivery()));
            } else {
                runnable.add(item);
            }
        }
        if (runnable.isEmpty()) {
            return;
        }
        Uni.createFrom().deferred(() -> batches.run(runnable))
                .subscribe().with(
                        outcomes -> runnable.forEach(item -> settleWith(item, Contexts.on(item.message().context(),
                                () -> settle(item.delivery(), item.message(), outcomes.get(item))))),
                        failure -> {
                            // Not expected: a batch gives every message an outcome. Hand them all back.
                            LOG.errorf(failure, "A batch on channel %s failed unexpectedly; its %d deliveries are"
                                    + " handed back", channel, runnable.size());
                            runnable.forEach(item -> settleWith(item, release(item.delivery())));
                        });
    }

    private static void settleWith(BatchItem item, Uni<Void> settlement) {
        settlement.subscribe().with(ignored -> item.settled().complete(null), item.settled()::completeExceptionally);
    }

    /** The policy decides once, on the attempt's outcome; the delivery is settled by its action. */
    private Uni<Void> settle(Delivery delivery, InboundMessage message, AttemptOutcome outcome) {
        RecoveryAction action = RecoverabilityPolicy.decide(outcome, attemptBudget, false);
        Throwable cause = outcome.failure() == null ? null : outcome.failure().exception();
        if (action instanceof RecoveryAction.Accept) {
            return accept(delivery, message, ((AttemptOutcome.Committed) outcome).duplicate());
        }
        if (action instanceof RecoveryAction.DeadLetter deadLetter) {
            AttemptCount count = outcome.count();
            if (count == null) {
                Instant now = Instant.now();
                count = new AttemptCount(1, now, now);
            }
            return deadLetter(delivery, deadLetter.reason(), cause, count);
        }
        if (action instanceof RecoveryAction.WaitForInfrastructure) {
            return waitForInfrastructure(delivery, cause);
        }
        // DelayedRedelivery: with no immediate retries left, the policy answers nothing else.
        return redeliver(delivery, outcome.count());
    }

    private Uni<Void> accept(Delivery delivery, InboundMessage message, boolean duplicate) {
        MessageTracing.outcome(duplicate ? "duplicate" : "committed");
        if (duplicate) {
            services.metrics().duplicate(channel);
        } else {
            services.metrics().processed(channel);
            services.crashPoints().reached(CrashPoints.AFTER_COMMIT);
        }
        return services.commitListener().committed(message).chain(delivery::accept);
    }

    private Uni<Void> redeliver(Delivery delivery, AttemptCount attempts) {
        services.metrics().retried(channel, "delayed");
        MessageTracing.outcome("redelivery");
        // Held here rather than by the broker: not every broker delays a redelivery (RabbitMQ does not).
        Duration hold = redeliveryHold.delay(attempts == null ? 0 : Math.max(0, attempts.attempts() - 1));
        LOG.debugf("Message %s on channel %s failed (attempt %s); handing it back for redelivery in %s",
                delivery.envelope().messageId(), channel, attempts == null ? "?" : attempts.attempts(), hold);
        return Uni.createFrom().voidItem().onItem().delayIt().by(hold).chain(delivery::release);
    }

    private Uni<Void> deadLetter(Delivery delivery, String reason, Throwable cause, AttemptCount attempts) {
        InboundEnvelope envelope = delivery.envelope();
        return services.deadLetters().record(consumer, envelope, reason, cause, attempts)
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure != null && FailureClassifier.classify(failure).kind() == FailureKind.INFRASTRUCTURE) {
                        return waitForInfrastructure(delivery, failure);
                    }
                    if (failure != null) {
                        // Not the database being away: a bug of ours. Hand the message back after a hold rather
                        // than pause every consumer for it.
                        LOG.errorf(failure, "Dead-lettering message %s from channel %s failed; it is handed back",
                                envelope.messageId(), channel);
                        return Uni.createFrom().voidItem().onItem().delayIt()
                                .by(redeliveryHold.delay(attempts == null ? 0 : attempts.attempts()))
                                .chain(() -> release(delivery));
                    }
                    services.metrics().deadLettered(channel, reason);
                    MessageTracing.outcome("dead-lettered");
                    // An exception's message may quote the body (a parser's complaint, a rejected value): the
                    // dead-letter entry keeps it for the viewer role; the log names only the exception's class.
                    LOG.warnf("Dead-lettered message %s from channel %s: %s (%s; the entry holds the detail)",
                            envelope.messageId(), channel, reason, cause == null ? "no exception"
                                    : cause.getClass().getName());
                    LOG.debugf(cause, "Dead-lettered message %s: the failure", envelope.messageId());
                    return delivery.accept();
                });
    }

    /** The database is the problem, not the message: pause everything and hand the delivery back untouched. */
    private Uni<Void> waitForInfrastructure(Delivery delivery, Throwable cause) {
        services.gate().trip(cause);
        return release(delivery);
    }

    private Uni<Void> release(Delivery delivery) {
        services.metrics().released(channel);
        MessageTracing.outcome("released");
        return delivery.release();
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
        return stopping.get() || services.gate().isOpen();
    }
}
