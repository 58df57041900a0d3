package io.steadfast.runtime.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.recoverability.Failure;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;
import io.steadfast.runtime.recoverability.StartedAttempt;
import io.steadfast.runtime.testing.CrashPoints;
import io.vertx.core.Context;

/**
 * One attempt of a batch of messages: their starts noted in one statement, then one transaction with one inbox
 * statement for all, the handler's set-based effects and the attempt rows cleared. Afterwards every message of the
 * batch carries its outcome, as after an attempt of its own, and the consumer settles each.
 * <p>
 * What does not join the batch runs alone through the handler's single-message path (with its retries, attempt
 * budget and dead-lettering): a message that failed before, or whose last attempt the process did not survive
 * (it must run alone to be told apart), and a second copy of a message already in the batch (after the batch, so the
 * inbox recognises it). A batch that fails for anything but the database being away is split in two and each half
 * tried again, down to single messages, so a poison message costs about log2(size) extra transactions and is
 * dead-lettered alone; its neighbours commit.
 */
final class BatchAttempts {

    private static final Logger LOG = Logger.getLogger(BatchAttempts.class);

    private final String channel;
    private final String consumer;
    private final String address;
    private final int crashBudget;
    private final BatchHandler handler;
    private final ConsumerServices services;
    /** Kinds of batch failure already logged at WARN: a batch path that always fails must not go unnoticed. */
    private final Set<String> failuresSeen = ConcurrentHashMap.newKeySet();

    BatchAttempts(String channel, String consumer, String address, int crashBudget, BatchHandler handler,
            ConsumerServices services) {
        this.channel = channel;
        this.consumer = consumer;
        this.address = address;
        this.crashBudget = crashBudget;
        this.handler = handler;
        this.services = services;
    }

    /** Runs the batch; completes (never fails) once every item has its outcome. */
    Uni<Void> run(List<BatchItem> items) {
        Map<String, BatchItem> firsts = new LinkedHashMap<>();
        List<BatchItem> copies = new ArrayList<>();
        for (BatchItem item : items) {
            if (firsts.putIfAbsent(item.messageId(), item) != null) {
                copies.add(item);
            }
        }
        return noteStarts(List.copyOf(firsts.values())).chain(() -> alone(copies));
    }

    private Uni<Void> noteStarts(List<BatchItem> items) {
        if (crashBudget <= 0) {
            return attempt(items);
        }
        return services.attempts().startAll(consumer, items.stream().map(BatchItem::messageId).toList(), crashBudget)
                .onItemOrFailure().transformToUni((started, failure) -> {
                    if (failure != null) {
                        // Each notes its own start again, and meets the failure on its own.
                        return alone(items);
                    }
                    List<BatchItem> joining = new ArrayList<>();
                    List<BatchItem> apart = new ArrayList<>();
                    for (BatchItem item : items) {
                        StartedAttempt noted = started.get(item.messageId());
                        if (noted != null && !noted.cutOff() && noted.failures() == 0 && noted.crashes() == 0) {
                            joining.add(item);
                        } else {
                            item.message().started(noted);
                            apart.add(item);
                        }
                    }
                    return Uni.join().all(attempt(joining), alone(apart)).andFailFast().replaceWithVoid();
                });
    }

    private Uni<Void> attempt(List<BatchItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (items.size() == 1) {
            return alone(items);
        }
        Context context = Contexts.newDeliveryContext(services.vertx());
        List<String> ids = items.stream().map(BatchItem::messageId).toList();
        return Contexts.on(context, () -> {
            Span span = services.tracing().processBatch(channel, consumer, address,
                    items.stream().map(BatchItem::trace).toList());
            return services.isolation().shared(context, () -> Panache.withTransaction(
                    () -> services.inbox().claimAll(consumer, ids).chain(claimed -> apply(items, claimed)
                            .chain(() -> services.attempts().clearAll(consumer, ids))
                            .replaceWith(claimed))))
                    .onItemOrFailure().invoke((claimed, failure) -> MessageTracing.end(span, failure));
        })
                .onItemOrFailure().transformToUni((claimed, failure) -> failure == null
                        ? committed(items, claimed)
                        : failed(items, failure));
    }

    private Uni<Void> apply(List<BatchItem> items, Set<String> claimed) {
        List<InboundMessage> fresh = items.stream().map(BatchItem::message)
                .filter(message -> claimed.contains(message.messageId()))
                .toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        fresh.forEach(message -> services.crashPoints().reached(CrashPoints.DURING_ATTEMPT, message.messageId()));
        return Uni.createFrom().deferred(() -> handler.handleAll(fresh));
    }

    private Uni<Void> committed(List<BatchItem> items, Set<String> claimed) {
        items.forEach(item -> item.message().committed(!claimed.contains(item.messageId())));
        services.metrics().batchCommitted(channel, items.size());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> failed(List<BatchItem> items, Throwable error) {
        Failure failure = FailureClassifier.classify(error);
        if (failure.kind() == FailureKind.INFRASTRUCTURE) {
            // The database is the problem, not a message: the whole batch waits for it.
            items.forEach(item -> item.message().waitForInfrastructure(failure));
            return Uni.createFrom().voidItem();
        }
        services.metrics().batchSplit(channel);
        String kind = failure.reason() + " " + error.getClass().getName();
        if (failuresSeen.add(kind)) {
            // The class only: an exception's message may quote a body; it is logged at DEBUG.
            LOG.warnf("A batch of %d messages on channel %s failed (%s); trying each half. Logged once per kind of"
                    + " failure, then at DEBUG: a poison message splits batches now and then, but if the"
                    + " steadfast_batch_splits_total metric keeps pace with the batches, the batch path itself fails",
                    items.size(), channel, error.getClass().getName());
        }
        LOG.debugf("A batch of %d messages on channel %s failed (%s); trying each half", items.size(), channel, error);
        int half = items.size() / 2;
        return Uni.join().all(attempt(items.subList(0, half)), attempt(items.subList(half, items.size())))
                .andFailFast().replaceWithVoid();
    }

    /** Each item through the handler's single-message path, concurrently (the batch has one item per key). */
    private Uni<Void> alone(List<BatchItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(items.stream().map(this::alone).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> alone(BatchItem item) {
        InboundMessage message = item.message();
        return Contexts.on(message.context(), () -> Uni.createFrom().deferred(() -> handler.handle(message)))
                .onItemOrFailure().transform((ignored, escaped) -> {
                    item.escaped(escaped);
                    return null;
                })
                .replaceWithVoid();
    }
}
