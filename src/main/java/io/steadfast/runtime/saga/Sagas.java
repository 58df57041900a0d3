package io.steadfast.runtime.saga;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.outbox.OutgoingMessage;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.recoverability.PermanentFailure;

/**
 * Runs sagas: starts them, hands each event (a reply, a deadline, an operator's retry or cancel) to the saga's
 * definition and commits what it answers. Every method works in the caller's reactive transaction (the consumer's,
 * for replies), so the inbox row, the saga's new state and version, its commands' outbox rows, its deadlines and its
 * history commit together or not at all.
 */
@ApplicationScoped
public class Sagas {

    /** Application property naming the saga a command belongs to; participants copy it onto their replies. */
    public static final String SAGA_ID = "saga-id";

    private static final Logger LOG = Logger.getLogger(Sagas.class);

    private static final String INSERT = "insert into steadfast_saga (id, type, status, state, version, reason)"
            + " values (:id, :type, :status, cast(cast(:state as text) as jsonb), 1, :reason)";
    private static final String LOAD = "select type, status, cast(state as text), version, reason from steadfast_saga"
            + " where id = :id";
    // The state is bound as text: the reactive client would store a string bound to a jsonb slot as a JSON string.
    private static final String UPDATE = "update steadfast_saga set status = :status,"
            + " state = cast(cast(:state as text) as jsonb), version = version + 1, reason = :reason,"
            + " updated_at = now() where id = :id and version = :version";
    private static final String SET_DEADLINE = "insert into steadfast_saga_deadline (saga_id, name, due_at)"
            + " values (:id, :name, now() + make_interval(secs => :seconds))"
            + " on conflict (saga_id, name) do update set due_at = excluded.due_at";
    private static final String CLEAR_DEADLINE = "delete from steadfast_saga_deadline where saga_id = :id"
            + " and name = :name";
    private static final String CLEAR_ALL_DEADLINES = "delete from steadfast_saga_deadline where saga_id = :id";
    private static final String TAKE_DEADLINE = "delete from steadfast_saga_deadline where saga_id = :id"
            + " and name = :name and due_at <= now()";
    private static final String NOTE = "insert into steadfast_saga_history (saga_id, entry) values (:id, :entry)";

    @Inject
    Instance<SagaDefinition<?>> definitions;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;

    private final Map<String, SagaDefinition<?>> byType = new HashMap<>();

    /** Starts a saga in the current transaction: its first step's commands go out once that commits. */
    public <S> Uni<Void> start(SagaDefinition<S> definition, UUID id, SagaStep<S> first) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("id", id)
                .setParameter("type", definition.type())
                .setParameter("status", first.status().name())
                .setParameter("state", write(first.state()))
                .setParameter("reason", first.reason())
                .executeUpdate())
                .chain(() -> effects(id, first, "started"));
    }

    /**
     * A reply to a saga, in the consumer's transaction. A message naming no saga, or one that does not exist, is
     * dead-lettered: nothing can ever make it right.
     */
    public Uni<Void> onMessage(InboundMessage message) {
        UUID id = sagaId(message);
        return advance(id, (definition, state) -> definition.onMessage(state, message), null, false)
                .onItem().ifNull().failWith(() -> new PermanentFailure(PermanentFailure.INVALID,
                        "No saga " + id + " (the " + SAGA_ID + " header of a reply must name a saga)"))
                .replaceWithVoid();
    }

    /**
     * Fires a due deadline, once: the deadline's row is deleted in the transaction that applies it, so a second
     * instance (or a retry after a conflict) finds nothing to fire. Returns whether it fired.
     */
    Uni<Boolean> fire(UUID id, String name) {
        return Panache.getSession().chain(session -> session.createNativeQuery(TAKE_DEADLINE)
                .setParameter("id", id)
                .setParameter("name", name)
                .executeUpdate())
                .chain(taken -> taken == 0 ? Uni.createFrom().item(false)
                        : advance(id, (definition, state) -> definition.onDeadline(state, name), "deadline " + name,
                                false)
                                .map(status -> status != null));
    }

    /** An operator's retry of a saga in NEEDS_ATTENTION: 409 {@code saga-not-stuck} for any other. */
    public Uni<SagaStatus> retry(UUID id, String operator) {
        return operate(id, SagaStatus.NEEDS_ATTENTION, "retried by " + operator, SagaDefinition::onRetry,
                "saga-not-stuck", "Only a saga in NEEDS_ATTENTION can be retried");
    }

    /** An operator's cancellation of a running or stuck saga: 409 {@code saga-completed} for a finished one. */
    public Uni<SagaStatus> cancel(UUID id, String operator) {
        return operate(id, null, "cancelled by " + operator, SagaDefinition::onCancel, "saga-completed",
                "The saga has completed; there is nothing to cancel");
    }

    private Uni<SagaStatus> operate(UUID id, SagaStatus required, String note, Event operation, String code,
            String refusal) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LOAD, Object[].class)
                .setParameter("id", id).getSingleResultOrNull())
                .chain(row -> {
                    if (row == null) {
                        return Uni.createFrom().failure(new ApiException(404, "saga-not-found", "No saga " + id));
                    }
                    SagaStatus status = SagaStatus.valueOf((String) row[1]);
                    boolean allowed = required == null ? status != SagaStatus.COMPLETED : status == required;
                    if (!allowed) {
                        return Uni.createFrom().failure(new ApiException(409, code, refusal + "; it is " + status));
                    }
                    return apply(id, row, operation, note, true);
                });
    }

    @FunctionalInterface
    private interface Event {
        SagaStep<Object> apply(SagaDefinition<Object> definition, Object state);
    }

    /** Loads, applies, stores with a version check; {@code null} when there is no such saga. */
    private Uni<SagaStatus> advance(UUID id, Event event, String note, boolean byOperator) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LOAD, Object[].class)
                .setParameter("id", id).getSingleResultOrNull())
                .chain(row -> row == null ? Uni.createFrom().nullItem() : apply(id, row, event, note, byOperator));
    }

    /** Applies an event to a saga as {@link #LOAD} read it. */
    private Uni<SagaStatus> apply(UUID id, Object[] row, Event event, String note, boolean byOperator) {
        return apply(id, definition((String) row[0]), SagaStatus.valueOf((String) row[1]), (String) row[2],
                ((Number) row[3]).intValue(), (String) row[4], event, note, byOperator);
    }

    private Uni<SagaStatus> apply(UUID id, SagaDefinition<Object> definition, SagaStatus current, String stored,
            int version, String currentReason, Event event, String note, boolean byOperator) {
        Object state = read(definition, stored);
        SagaStep<Object> step = event.apply(definition, state);
        SagaStatus next = next(current, step.status(), byOperator);
        String reason = next != SagaStatus.NEEDS_ATTENTION ? null
                : step.reason() != null ? step.reason() : currentReason;
        return Panache.getSession().chain(session -> session.createNativeQuery(UPDATE)
                .setParameter("id", id)
                .setParameter("status", next.name())
                .setParameter("state", write(step.state()))
                .setParameter("reason", reason)
                .setParameter("version", version)
                .executeUpdate())
                .chain(updated -> {
                    if (updated == 0) {
                        return Uni.createFrom().failure(new SagaConflict(id, version));
                    }
                    if (next != current) {
                        LOG.infof("Saga %s (%s): %s -> %s%s", id, definition.type(), current, next,
                                next == SagaStatus.NEEDS_ATTENTION ? ": " + reason : "");
                    }
                    return effects(id, step, note).replaceWith(next);
                });
    }

    /**
     * A completed saga may still answer a straggler (compensate a late reply) but never comes back. A saga that needs
     * attention records what arrives and may complete, but only an operator sets it running again.
     */
    static SagaStatus next(SagaStatus current, SagaStatus asked, boolean byOperator) {
        if (current == SagaStatus.COMPLETED) {
            return SagaStatus.COMPLETED;
        }
        if (current == SagaStatus.NEEDS_ATTENTION && asked == SagaStatus.RUNNING && !byOperator) {
            return SagaStatus.NEEDS_ATTENTION;
        }
        return asked;
    }

    private <S> Uni<Void> effects(UUID id, SagaStep<S> step, String note) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (note != null) {
            chain = chain.chain(() -> history(id, note));
        }
        for (String entry : step.notes()) {
            chain = chain.chain(() -> history(id, entry));
        }
        for (OutgoingMessage command : step.commands()) {
            Map<String, String> headers = new HashMap<>(command.headers());
            headers.put(SAGA_ID, id.toString());
            OutgoingMessage addressed = new OutgoingMessage(command.address(), command.body(), command.contentType(),
                    command.partitionKey(), headers);
            chain = chain.chain(() -> outbox.add(addressed).replaceWithVoid());
        }
        if (step.status() == SagaStatus.COMPLETED) {
            return chain.chain(() -> update(CLEAR_ALL_DEADLINES, Map.of("id", id)));
        }
        for (String name : step.cleared()) {
            chain = chain.chain(() -> update(CLEAR_DEADLINE, Map.of("id", id, "name", name)));
        }
        for (Map.Entry<String, Duration> deadline : step.deadlines().entrySet()) {
            double seconds = deadline.getValue().toMillis() / 1000.0;
            chain = chain.chain(() -> update(SET_DEADLINE, Map.of("id", id, "name", deadline.getKey(),
                    "seconds", seconds)));
        }
        return chain;
    }

    private Uni<Void> history(UUID id, String entry) {
        return update(NOTE, Map.of("id", id, "entry", entry));
    }

    private static Uni<Void> update(String sql, Map<String, Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    private static UUID sagaId(InboundMessage message) {
        Object value = message.properties().get(SAGA_ID);
        if (value == null) {
            throw new PermanentFailure(PermanentFailure.INVALID, "The reply has no " + SAGA_ID + " header");
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure(PermanentFailure.INVALID, "The " + SAGA_ID + " header is not a UUID", e);
        }
    }

    @SuppressWarnings("unchecked")
    private SagaDefinition<Object> definition(String type) {
        synchronized (byType) {
            if (byType.isEmpty()) {
                definitions.forEach(definition -> byType.put(definition.type(), definition));
            }
            return (SagaDefinition<Object>) Optional.ofNullable(byType.get(type)).orElseThrow(() ->
                    new PermanentFailure(PermanentFailure.INVALID, "No saga definition of type '" + type
                            + "' in this service"));
        }
    }

    private Object read(SagaDefinition<Object> definition, String stored) {
        try {
            return json.readValue(stored, definition.stateClass());
        } catch (JsonProcessingException e) {
            throw new PermanentFailure(PermanentFailure.INVALID, "The stored state of a " + definition.type()
                    + " saga cannot be read as " + definition.stateClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private String write(Object state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A saga state must be JSON-mappable: " + e.getOriginalMessage(), e);
        }
    }
}
