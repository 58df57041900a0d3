package io.steadfast.runtime.processing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.inbox.Inbox;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.recoverability.AttemptOutcome;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.recoverability.Failure;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;
import io.steadfast.runtime.recoverability.StartedAttempt;
import io.steadfast.runtime.testing.CrashPoints;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One attempt of a batch of messages: their starts noted in one statement, then one transaction with one inbox
 * statement for all (which also forgets their attempt notes) and the handler's set-based effects. Afterwards every
 * message of the batch carries its outcome, as after an attempt of its own, and the consumer settles each.
 * <p>
 * What does not join the batch runs alone through the handler's single-message path (with its retries, attempt
 * budget and dead-lettering): a message that failed before, or whose last attempt the process did not survive
 * (it must run alone to be told apart), and a second copy of a message already in the batch (after the batch, so the
 * inbox recognises it). A batch that fails for anything but the database being away is split in two and each half
 * tried again, down to single messages, so a poison message costs about log2(size) extra transactions and is
 * dead-lettered alone; its neighbours commit.
 * <p>
 * One bean serves every consumer; a consumer's own part (its names, its handler, its single-message path) travels
 * in {@link Path}.
 */
@ApplicationScoped
class BatchAttempts {

    private static final Logger LOG = Logger.getLogger(BatchAttempts.class);

    /**
     * One consumer's batch path.
     *
     * @param single the single-message path (an attempt through the handler and its immediate retries), for what
     *        does not join the batch
     */
    record Path(String channel, String consumer, String address, int crashBudget, BatchHandler handler,
            Function<InboundMessage, Uni<AttemptOutcome>> single) {
    }

    private final AttemptStore attempts;
    private final Inbox inbox;
    private final Outbox outbox;
    private final AttemptIsolation isolation;
    private final NotedStarts notedStarts;
    private final CrashPoints crashPoints;
    private final SteadfastMetrics metrics;
    private final MessageTracing tracing;
    private final Vertx vertx;
    /**
     * Kinds of batch failure already logged at WARN, by channel: a batch path that always fails must not go
     * unnoticed.
     */
    private final Set<String> failuresSeen = ConcurrentHashMap.newKeySet();

    @Inject
    BatchAttempts(AttemptStore attempts, Inbox inbox, Outbox outbox, AttemptIsolation isolation,
            NotedStarts notedStarts, CrashPoints crashPoints, SteadfastMetrics metrics, MessageTracing tracing,
            Vertx vertx) {
        this.attempts = attempts;
        this.inbox = inbox;
        this.outbox = outbox;
        this.isolation = isolation;
        this.notedStarts = notedStarts;
        this.crashPoints = crashPoints;
        this.metrics = metrics;
        this.tracing = tracing;
        this.vertx = vertx;
    }

    /** Runs the batch; completes with every item's outcome. */
    Uni<Map<BatchItem, AttemptOutcome>> run(Path path, List<BatchItem> items) {
        Map<String, BatchItem> firsts = new LinkedHashMap<>();
        List<BatchItem> copies = new ArrayList<>();
        for (BatchItem item : items) {
            if (firsts.putIfAbsent(item.messageId(), item) != null) {
                copies.add(item);
            }
        }
        return noteStarts(path, List.copyOf(firsts.values()))
                .chain(outcomes -> alone(path, copies).map(more -> merged(outcomes, more)));
    }

    private Uni<Map<BatchItem, AttemptOutcome>> noteStarts(Path path, List<BatchItem> items) {
        if (path.crashBudget() <= 0) {
            return attempt(path, items);
        }
        return attempts.startAll(path.consumer(), items.stream().map(BatchItem::messageId).toList(),
                path.crashBudget())
                .onItemOrFailure().transformToUni((started, failure) -> {
                    if (failure != null) {
                        // Each notes its own start again, and meets the failure on its own.
                        return alone(path, items);
                    }
                    List<BatchItem> joining = new ArrayList<>();
                    List<BatchItem> apart = new ArrayList<>();
                    for (BatchItem item : items) {
                        StartedAttempt noted = started.get(item.messageId());
                        if (noted != null && !noted.cutOff() && noted.failures() == 0 && noted.crashes() == 0) {
                            joining.add(item);
                        } else {
                            if (noted != null) {
                                notedStarts.put(path.consumer(), item.messageId(), noted);
                            }
                            apart.add(item);
                        }
                    }
                    return Uni.combine().all().unis(attempt(path, joining), alone(path, apart)).asTuple()
                            .map(both -> merged(both.getItem1(), both.getItem2()));
                });
    }

    /** One transaction for the items; a failure splits them (see {@link #failed}). */
    private Uni<Map<BatchItem, AttemptOutcome>> attempt(Path path, List<BatchItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        if (items.size() == 1) {
            return alone(path, items);
        }
        Context context = Contexts.newDeliveryContext(vertx);
        List<String> ids = items.stream().map(BatchItem::messageId).toList();
        return Contexts.on(context, () -> {
            Span span = tracing.processBatch(path.channel(), path.consumer(), path.address(),
                    items.stream().map(BatchItem::trace).toList());
            return isolation.shared(context, () -> outbox.withTransaction(
                    () -> inbox.claimAll(path.consumer(), ids).chain(claimed -> apply(path, items, claimed)
                            .replaceWith(claimed))))
                    .onItemOrFailure().invoke((claimed, failure) -> MessageTracing.end(span, failure));
        })
                .onItemOrFailure().transformToUni((claimed, failure) -> failure == null
                        ? Uni.createFrom().item(committed(path, items, claimed))
                        : failed(path, items, failure));
    }

    private Uni<Void> apply(Path path, List<BatchItem> items, Set<String> claimed) {
        List<InboundMessage> fresh = items.stream().map(BatchItem::message)
                .filter(message -> claimed.contains(message.messageId()))
                .toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        fresh.forEach(message -> crashPoints.reached(CrashPoints.DURING_ATTEMPT, message.messageId()));
        return Uni.createFrom().deferred(() -> path.handler().handleAll(fresh));
    }

    private Map<BatchItem, AttemptOutcome> committed(Path path, List<BatchItem> items, Set<String> claimed) {
        metrics.batchCommitted(path.channel(), items.size());
        Map<BatchItem, AttemptOutcome> outcomes = new HashMap<>();
        items.forEach(item -> outcomes.put(item, new AttemptOutcome.Committed(!claimed.contains(item.messageId()))));
        return outcomes;
    }

    private Uni<Map<BatchItem, AttemptOutcome>> failed(Path path, List<BatchItem> items, Throwable error) {
        Failure failure = FailureClassifier.classify(error);
        if (failure.kind() == FailureKind.INFRASTRUCTURE) {
            // The database is the problem, not a message: the whole batch waits for it.
            Map<BatchItem, AttemptOutcome> outcomes = new HashMap<>();
            items.forEach(item -> outcomes.put(item, new AttemptOutcome.InfrastructureDown(failure)));
            return Uni.createFrom().item(outcomes);
        }
        metrics.batchSplit(path.channel());
        String kind = path.channel() + " " + failure.reason() + " " + error.getClass().getName();
        if (failuresSeen.add(kind)) {
            // The class only: an exception's message may quote a body; it is logged at DEBUG.
            LOG.warnf("A batch of %d messages on channel %s failed (%s); trying each half. Logged once per kind of"
                    + " failure, then at DEBUG: a poison message splits batches now and then, but if the"
                    + " steadfast_batch_splits_total metric keeps pace with the batches, the batch path itself fails",
                    items.size(), path.channel(), error.getClass().getName());
        }
        LOG.debugf("A batch of %d messages on channel %s failed (%s); trying each half", items.size(), path.channel(),
                error);
        int half = items.size() / 2;
        return Uni.combine().all().unis(attempt(path, items.subList(0, half)),
                attempt(path, items.subList(half, items.size())))
                .asTuple().map(both -> merged(both.getItem1(), both.getItem2()));
    }

    /** Each item through the handler's single-message path, concurrently (the batch has one item per key). */
    private Uni<Map<BatchItem, AttemptOutcome>> alone(Path path, List<BatchItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map<BatchItem, AttemptOutcome>>> each = items.stream().map(item -> alone(path, item)).toList();
        return Uni.join().all(each).andFailFast().map(maps -> maps.stream().reduce(Map.of(), BatchAttempts::merged));
    }

    private Uni<Map<BatchItem, AttemptOutcome>> alone(Path path, BatchItem item) {
        InboundMessage message = item.message();
        return Contexts.on(message.context(), () -> path.single().apply(message))
                // A start noted for it and not taken (its attempt never began: a guard refused the call) is stale.
                .onTermination().invoke(() -> notedStarts.take(path.consumer(), message.messageId()))
                .map(outcome -> Map.of(item, outcome));
    }

    private static Map<BatchItem, AttemptOutcome> merged(Map<BatchItem, AttemptOutcome> one,
            Map<BatchItem, AttemptOutcome> other) {
        Map<BatchItem, AttemptOutcome> all = new HashMap<>(one);
        all.putAll(other);
        return all;
    }
}
