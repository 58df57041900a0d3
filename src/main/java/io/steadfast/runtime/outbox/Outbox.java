package io.steadfast.runtime.outbox;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.testing.CrashPoints;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Adds outgoing messages to the current reactive transaction: they are published after it commits, and never if it
 * rolls back. The returned id is the AMQP message-id the message will carry, on every re-send.
 * <p>
 * Run the transaction with {@link #withTransaction}: once it commits, the relay is woken in-process and publishes at
 * once. A transaction run otherwise ({@code Panache.withTransaction}) is published too, by the relay's next poll
 * ({@code steadfast.outbox.poll-interval}).
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into steadfast_outbox"
            + " (id, seq, address, partition_key, body, content_type, headers)"
            + " values (:id, 0, :address, :key, :body, :contentType, :headers)";
    private static final String INSERT_ALL = "insert into steadfast_outbox"
            + " (id, seq, address, partition_key, body, content_type, headers)"
            + " select m.id, 0, m.address, m.partition_key, decode(m.body, 'base64'), m.content_type, m.headers"
            + " from unnest(cast(:ids as uuid[]), cast(:addresses as varchar[]), cast(:keys as varchar[]),"
            + " cast(:bodies as text[]), cast(:contentTypes as varchar[]), cast(:headers as text[]))"
            + " as m(id, address, partition_key, body, content_type, headers)";

    /** Marks the Vert.x context of a transaction that added messages: the relay is woken once it commits. */
    private static final String ADDED = "steadfast.outbox.added";
    private static final String NOTIFY = "select pg_notify('steadfast_outbox', '')";

    @Inject
    CrashPoints crashPoints;

    @Inject
    OutboxRelay relay;

    @Inject
    Pool pool;

    @Inject
    MessageTracing tracing;

    /**
     * {@code Panache.withTransaction(work)}, and once it has committed having added messages, the relay woken: this
     * instance's in-process; when this instance runs none, the others' by a NOTIFY sent after the commit. Never a
     * NOTIFY inside the transaction: PostgreSQL serialises the commits of all transactions that issued one.
     */
    public <T> Uni<T> withTransaction(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context != null) {
                context.removeLocal(ADDED);
            }
            return Panache.withTransaction(work).call(() -> committed(context));
        });
    }

    private Uni<Void> committed(Context context) {
        if (context == null || !context.removeLocal(ADDED)) {
            return Uni.createFrom().voidItem();
        }
        if (relay.wake()) {
            return Uni.createFrom().voidItem();
        }
        // No relay here: wake the other instances'. Its failure costs only their poll interval's wait.
        return pool.query(NOTIFY).execute().replaceWithVoid().onFailure().recoverWithNull();
    }

    private static void added() {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(ADDED, Boolean.TRUE);
        }
    }

    public Uni<UUID> add(OutgoingMessage message) {
        added();
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("id", id)
                .setParameter("address", message.address())
                .setParameter("key", message.partitionKey())
                .setParameter("body", message.body())
                .setParameter("contentType", message.contentType())
                .setParameter("headers", headers(message))
                .executeUpdate())
                .invoke(() -> crashPoints.reached(CrashPoints.AFTER_OUTBOX_INSERT))
                .replaceWith(id);
    }

    /**
     * Adds several messages in one statement. Rows are written ordered by partition key (each key's messages keep
     * their order), so that concurrent batches take the keys' locks in the same order and never deadlock. Returns
     * the messages' ids in the order given.
     */
    public Uni<List<UUID>> addAll(List<OutgoingMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        added();
        List<UUID> idsInGivenOrder = messages.stream().map(message -> UUID.randomUUID()).toList();
        List<Integer> order = IntStream.range(0, messages.size()).boxed()
                .sorted(Comparator.comparing(i -> messages.get(i).partitionKey(),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        List<OutgoingMessage> ordered = order.stream().map(messages::get).toList();
        UUID[] ids = order.stream().map(idsInGivenOrder::get).toArray(UUID[]::new);
        Base64.Encoder base64 = Base64.getEncoder();
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_ALL)
                .setParameter("ids", ids)
                .setParameter("addresses", ordered.stream().map(OutgoingMessage::address).toArray(String[]::new))
                .setParameter("keys", ordered.stream().map(OutgoingMessage::partitionKey).toArray(String[]::new))
                .setParameter("bodies", ordered.stream().map(m -> base64.encodeToString(m.body()))
                        .toArray(String[]::new))
                .setParameter("contentTypes", ordered.stream().map(OutgoingMessage::contentType)
                        .toArray(String[]::new))
                .setParameter("headers", ordered.stream().map(this::headers).toArray(String[]::new))
                .executeUpdate())
                .invoke(() -> crashPoints.reached(CrashPoints.AFTER_OUTBOX_INSERT))
                .replaceWith(idsInGivenOrder);
    }

    /** The message's headers, with the trace context it is written in (its AMQP application properties later). */
    private String headers(OutgoingMessage message) {
        return new JsonObject(Map.copyOf(tracing.withCurrentContext(message.headers()))).encode();
    }
}
