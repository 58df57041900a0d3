package io.steadfast.runtime.recoverability;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The attempt budget's counter: one row per message with an attempt under way or failed. An attempt is counted when
 * it <em>starts</em>, by one statement committed on its own, so an attempt that never reports back (the process died during
 * it, however often) still counts, and a message that kills the process every time is dead-lettered once its
 * budget is spent instead of crash-looping the service. A message that commits deletes its row in the same
 * transaction.
 */
@ApplicationScoped
public class AttemptStore {

    @Inject
    Pool pool;

    // One statement on its own (autocommit): one round trip per attempt, outside the attempt's transaction.
    private static final String START = "insert into steadfast_attempt"
            + " (consumer, message_id, attempts, first_failure_at, last_failure_at, last_error)"
            + " values ($1, $2, 1, now(), now(), null)"
            + " on conflict (consumer, message_id) do update set attempts = steadfast_attempt.attempts + 1"
            + " returning attempts, first_failure_at, last_failure_at, last_error";
    private static final String FAILED = "insert into steadfast_attempt"
            + " (consumer, message_id, attempts, first_failure_at, last_failure_at, last_error)"
            + " values (:consumer, :id, 1, now(), now(), :error)"
            + " on conflict (consumer, message_id) do update set"
            + " attempts = steadfast_attempt.attempts + :increment, last_failure_at = now(),"
            + " last_error = excluded.last_error";
    private static final String READ = "select attempts, first_failure_at, last_failure_at, last_error"
            + " from steadfast_attempt where consumer = :consumer and message_id = :id";
    private static final String CLEAR = "delete from steadfast_attempt where consumer = :consumer and message_id = :id";

    /**
     * Counts an attempt that is about to start and returns the attempts so far, this one included, with the error
     * of the latest failed one ({@code null} if none failed: the earlier ones ended without an outcome).
     */
    public Uni<StartedAttempt> start(String consumer, String messageId) {
        return pool.preparedQuery(START).execute(Tuple.of(consumer, messageId)).map(rows -> {
            Row row = rows.iterator().next();
            return new StartedAttempt(new AttemptCount(row.getInteger(0), row.getOffsetDateTime(1).toInstant(),
                    row.getOffsetDateTime(2).toInstant()), row.getString(3));
        });
    }

    /**
     * Records why an attempt failed, in a transaction of its own (the attempt's own one rolled back). An attempt
     * that went through {@link #start} is counted already; one that never started (a Fault Tolerance guard refused
     * the call) is counted here.
     */
    public Uni<AttemptCount> recordFailure(String consumer, String messageId, Throwable error, boolean started) {
        String text = error.getClass().getName() + ": " + error.getMessage();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(FAILED)
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .setParameter("error", text.length() > 2000 ? text.substring(0, 2000) : text)
                .setParameter("increment", started ? 0 : 1)
                .executeUpdate()
                .chain(() -> read(session, consumer, messageId))
                .map(AttemptStore::count)));
    }

    private static Uni<Object[]> read(Mutiny.Session session, String consumer, String messageId) {
        return session.createNativeQuery(READ, Object[].class)
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .getSingleResult();
    }

    private static AttemptCount count(Object[] row) {
        return new AttemptCount(((Number) row[0]).intValue(), instant(row[1]), instant(row[2]));
    }

    /** Forgets the attempts of a message, in the current transaction (it committed, or is replayed). */
    public Uni<Void> clear(String consumer, String messageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLEAR)
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate())
                .replaceWithVoid();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
