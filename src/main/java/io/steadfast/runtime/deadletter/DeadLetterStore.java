package io.steadfast.runtime.deadletter;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.recoverability.AttemptCount;
import io.steadfast.runtime.transport.InboundEnvelope;
import io.vertx.core.json.JsonObject;

/**
 * Writes dead letters, each in a transaction of its own that commits before the delivery is accepted. One entry
 * per (consumer, message id): a message dead-lettered again (after a replay, or a lost accept) returns its entry
 * to PENDING with the latest reason instead of adding another.
 */
@ApplicationScoped
public class DeadLetterStore {

    private static final String UPSERT = "insert into steadfast_dead_letter (consumer, message_id, address, body,"
            + " content_type, properties, reason, exception_class, exception_message, attempts, first_failure_at,"
            + " last_failure_at, status) values (:consumer, :id, :address, :body, :contentType, :properties,"
            + " :reason, :exceptionClass, :exceptionMessage, :attempts, :first, :last, 'PENDING')"
            + " on conflict (consumer, message_id) do update set reason = excluded.reason,"
            + " exception_class = excluded.exception_class, exception_message = excluded.exception_message,"
            + " attempts = excluded.attempts, last_failure_at = excluded.last_failure_at, status = 'PENDING',"
            + " updated_at = now()";

    public Uni<Void> record(String consumer, InboundEnvelope envelope, String reason, Throwable cause,
            AttemptCount attempts) {
        String exceptionMessage = cause == null || cause.getMessage() == null ? null
                : truncate(cause.getMessage(), 4000);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("consumer", consumer)
                .setParameter("id", envelope.messageId())
                .setParameter("address", envelope.address())
                .setParameter("body", envelope.body())
                .setParameter("contentType", envelope.contentType())
                .setParameter("properties", json(envelope.properties()))
                .setParameter("reason", reason)
                .setParameter("exceptionClass", cause == null ? null : cause.getClass().getName())
                .setParameter("exceptionMessage", exceptionMessage)
                .setParameter("attempts", attempts.attempts())
                .setParameter("first", attempts.firstFailureAt())
                .setParameter("last", attempts.lastFailureAt())
                .executeUpdate()))
                .replaceWithVoid();
    }

    private static String json(Map<String, Object> properties) {
        return new JsonObject(properties).encode();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
