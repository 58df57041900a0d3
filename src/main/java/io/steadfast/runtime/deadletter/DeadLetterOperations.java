package io.steadfast.runtime.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.transport.MessageSender;
import io.steadfast.runtime.transport.OutboundEnvelope;
import io.vertx.core.json.JsonObject;

/** Replay and discard, one entry or every pending entry matching a filter; shared by the REST API and the console. */
@ApplicationScoped
public class DeadLetterOperations {

    /** The most entries one bulk replay sends; the caller is told how many remain. */
    public static final int MAX_BULK_REPLAY = 500;

    private static final Logger LOG = Logger.getLogger(DeadLetterOperations.class);

    @Inject
    MessageSender sender;

    @Inject
    AttemptStore attempts;

    /** The entry after a replay, and whether this call sent it (a second replay sends nothing). */
    public record Replay(DeadLetterEntry entry, boolean sent) {
    }

    /** What a bulk operation did: entries changed, entries that failed, and pending entries left over. */
    public record Bulk(int done, int failed, long remaining) {
    }

    /**
     * Sends the original body, properties and message id back to the original address, once: the entry is locked,
     * sent, and marked REPLAYED in one transaction, so a second call (even a concurrent one) sends nothing.
     */
    public Uni<Replay> replay(long id, String who) {
        return Panache.withTransaction(() -> DeadLetterEntry.<DeadLetterEntry> findById(id,
                LockModeType.PESSIMISTIC_WRITE).chain(found -> {
                    DeadLetterEntry entry = found(found, id);
                    if (entry.status == DeadLetterStatus.DISCARDED) {
                        throw new ApiException(409, "dead-letter-discarded", "Dead letter " + id + " was discarded");
                    }
                    if (entry.status == DeadLetterStatus.REPLAYED) {
                        return Uni.createFrom().item(new Replay(entry, false));
                    }
                    // A message that arrived without an id is replayed under a stable one derived from its entry.
                    String messageId = entry.messageId != null ? entry.messageId : "dead-letter-" + entry.id;
                    OutboundEnvelope envelope = new OutboundEnvelope(entry.address, messageId, entry.body,
                            entry.contentType, new JsonObject(entry.properties).getMap(), null);
                    return attempts.clear(entry.consumer, messageId)
                            .chain(() -> Contexts.backToSubscriber(sender.send(envelope)))
                            .map(sent -> {
                                entry.messageId = messageId;
                                entry.status = DeadLetterStatus.REPLAYED;
                                entry.replayCount++;
                                entry.updatedAt = Instant.now();
                                LOG.infof("Dead letter %d (consumer %s, message %s) replayed by %s", id,
                                        entry.consumer, messageId, who);
                                return new Replay(entry, true);
                            });
                }));
    }

    /** Marks the entry DISCARDED; it is kept for the record. */
    public Uni<DeadLetterEntry> discard(long id, String who) {
        return Panache.withTransaction(() -> DeadLetterEntry.<DeadLetterEntry> findById(id,
                LockModeType.PESSIMISTIC_WRITE).map(found -> {
                    DeadLetterEntry entry = found(found, id);
                    if (entry.status != DeadLetterStatus.DISCARDED) {
                        entry.status = DeadLetterStatus.DISCARDED;
                        entry.updatedAt = Instant.now();
                        LOG.infof("Dead letter %d (consumer %s, message %s) discarded by %s", id, entry.consumer,
                                entry.messageId, who);
                    }
                    return entry;
                }));
    }

    /**
     * Replays the pending entries matching the filter (null: any), oldest first, each in its own transaction, at
     * most {@link #MAX_BULK_REPLAY}: one that fails is counted and left pending, the others go on.
     */
    public Uni<Bulk> replayAll(String consumer, String reason, String who) {
        Filter filter = Filter.pending(consumer, reason);
        return Panache.withSession(() -> DeadLetterEntry.<DeadLetterEntry> find(filter.where(), Sort.by("id"),
                filter.params()).page(0, MAX_BULK_REPLAY).list())
                .chain(entries -> Multi.createFrom().iterable(entries.stream().map(entry -> entry.id).toList())
                        .onItem().transformToUniAndConcatenate(id -> replay(id, who).map(replay -> replay.sent())
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("Bulk replay: dead letter %d was not replayed: %s", id, failure);
                                    return null;
                                }))
                        .collect().asList())
                .chain(results -> remaining(filter).map(left -> new Bulk(
                        (int) results.stream().filter(Boolean.TRUE::equals).count(),
                        (int) results.stream().filter(result -> result == null).count(), left)))
                .invoke(bulk -> LOG.infof("Bulk replay (consumer %s, reason %s) by %s: %d replayed, %d failed",
                        consumer, reason, who, bulk.done(), bulk.failed()));
    }

    /** Discards every pending entry matching the filter (null: any), in one statement. */
    public Uni<Bulk> discardAll(String consumer, String reason, String who) {
        Filter filter = Filter.pending(consumer, reason);
        Map<String, Object> params = new HashMap<>(filter.params());
        params.put("discarded", DeadLetterStatus.DISCARDED);
        params.put("now", Instant.now());
        return Panache.withTransaction(() -> DeadLetterEntry.update("status = :discarded, updatedAt = :now where "
                + filter.where(), params))
                .map(count -> new Bulk(count, 0, 0))
                .invoke(bulk -> LOG.infof("Bulk discard (consumer %s, reason %s) by %s: %d discarded", consumer,
                        reason, who, bulk.done()));
    }

    private static Uni<Long> remaining(Filter filter) {
        return Panache.withSession(() -> DeadLetterEntry.count(filter.where(), filter.params()));
    }

    static DeadLetterEntry found(DeadLetterEntry entry, long id) {
        if (entry == null) {
            throw new ApiException(404, "dead-letter-not-found", "No dead letter " + id);
        }
        return entry;
    }

    /** A where clause over entries, with its parameters; a blank consumer or reason and a null status match all. */
    public record Filter(String where, Map<String, Object> params) {

        public static Filter of(String consumer, String reason, DeadLetterStatus status) {
            List<String> where = new ArrayList<>();
            Map<String, Object> params = new HashMap<>();
            if (consumer != null && !consumer.isBlank()) {
                where.add("consumer = :consumer");
                params.put("consumer", consumer);
            }
            if (reason != null && !reason.isBlank()) {
                where.add("reason = :reason");
                params.put("reason", reason);
            }
            if (status != null) {
                where.add("status = :status");
                params.put("status", status);
            }
            return new Filter(where.isEmpty() ? "1 = 1" : String.join(" and ", where), params);
        }

        static Filter pending(String consumer, String reason) {
            return of(consumer, reason, DeadLetterStatus.PENDING);
        }
    }
}
