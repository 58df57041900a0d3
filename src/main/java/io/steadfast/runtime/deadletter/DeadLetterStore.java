package io.steadfast.runtime.deadletter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.recoverability.AttemptCount;
import io.steadfast.runtime.recoverability.StoredText;
import io.steadfast.runtime.transport.InboundEnvelope;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes dead letters, each in a statement of its own that commits before the delivery is accepted. One entry
 * per (consumer, message id): a message dead-lettered again (after a replay, or a lost accept) returns its entry
 * to PENDING with the latest reason instead of adding another.
 */
@ApplicationScoped
public class DeadLetterStore {

    private static final String UPSERT = "insert into steadfast_dead_letter (consumer, message_id, address, body,"
            + " content_type, properties, reason, exception_class, exception_message, attempts, first_failure_at,"
            + " last_failure_at, status) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'PENDING')"
            + " on conflict (consumer, message_id) do update set reason = excluded.reason,"
            + " exception_class = excluded.exception_class, exception_message = excluded.exception_message,"
            + " attempts = excluded.attempts, last_failure_at = excluded.last_failure_at, status = 'PENDING',"
            + " updated_at = now()";
    private static final int MAX_ID = 255;

    @Inject
    Pool pool;

    /**
     * Records the message, in a statement of its own on the application pool: not in the Hibernate session of the
     * attempt that failed, which may still hold the very change that failed and would flush it again.
     */
    public Uni<Void> record(String consumer, InboundEnvelope envelope, String reason, Throwable cause,
            AttemptCount attempts) {
        String exceptionMessage = cause == null ? null : StoredText.of(cause.getMessage(), 4000);
        Tuple values = Tuple.tuple()
                .addString(consumer)
                .addString(storableId(envelope.messageId()))
                .addString(envelope.address())
                .addBuffer(Buffer.buffer(envelope.body()))
                .addString(envelope.contentType())
                .addString(json(envelope.properties()))
                .addString(reason)
                .addString(cause == null ? null : cause.getClass().getName())
                .addString(exceptionMessage)
                .addInteger(attempts.attempts())
                .addOffsetDateTime(utc(attempts.firstFailureAt()))
                .addOffsetDateTime(utc(attempts.lastFailureAt()));
        return pool.preparedQuery(UPSERT).execute(values).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * An id the table cannot hold (too long, a NUL character, half a surrogate pair) is kept out of it: the entry then stands alone,
     * like one without an id.
     */
    private static String storableId(String messageId) {
        return messageId != null && (messageId.length() > MAX_ID || !StoredText.isStorable(messageId)) ? null
                : messageId;
    }

    /**
     * Application properties as JSON. AMQP allows values JSON has no type for (binary, symbols, timestamps, ...):
     * those are kept as text, so no property can make the dead letter itself fail.
     */
    static String json(Map<String, Object> properties) {
        JsonObject json = new JsonObject();
        properties.forEach((name, value) -> json.put(name, value == null || value instanceof String
                || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value)));
        return StoredText.of(json.encode(), Integer.MAX_VALUE);
    }
}
