package io.steadfast.runtime.recoverability;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The attempt budget's counter: one row per unprocessed message that failed at least once. */
@ApplicationScoped
public class AttemptStore {

    private static final String RECORD = "insert into steadfast_attempt"
            + " (consumer, message_id, attempts, first_failure_at, last_failure_at, last_error)"
            + " values (:consumer, :id, 1, now(), now(), :error)"
            + " on conflict (consumer, message_id) do update set attempts = steadfast_attempt.attempts + 1,"
            + " last_failure_at = now(), last_error = excluded.last_error";
    private static final String READ = "select attempts, first_failure_at, last_failure_at from steadfast_attempt"
            + " where consumer = :consumer and message_id = :id";
    private static final String CLEAR = "delete from steadfast_attempt where consumer = :consumer and message_id = :id";

    /** Counts one more failed attempt, in a transaction of its own (the attempt's own one rolled back). */
    public Uni<AttemptCount> recordFailure(String consumer, String messageId, Throwable error) {
        String text = error.getClass().getName() + ": " + error.getMessage();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(RECORD)
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .setParameter("error", text.length() > 2000 ? text.substring(0, 2000) : text)
                .executeUpdate()
                .chain(() -> session.createNativeQuery(READ, Object[].class)
                        .setParameter("consumer", consumer)
                        .setParameter("id", messageId)
                        .getSingleResult())
                .map(row -> new AttemptCount(((Number) row[0]).intValue(), instant(row[1]), instant(row[2])))));
    }

    /** Forgets the failures of a message, in the current transaction (it committed, or is replayed). */
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
