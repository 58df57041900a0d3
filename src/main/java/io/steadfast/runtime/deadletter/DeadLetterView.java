package io.steadfast.runtime.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vertx.core.json.JsonObject;

/** A dead letter over HTTP; the body (as UTF-8 text) only in the single-entry view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterView(long id, String consumer, String messageId, String address, String contentType,
        Map<String, Object> properties, String reason, String exceptionClass, String exceptionMessage, int attempts,
        Instant firstFailureAt, Instant lastFailureAt, DeadLetterStatus status, int replayCount, Instant updatedAt,
        String body) {

    static DeadLetterView summary(DeadLetterEntry e) {
        return of(e, null);
    }

    static DeadLetterView detail(DeadLetterEntry e) {
        return of(e, new String(e.body, StandardCharsets.UTF_8));
    }

    private static DeadLetterView of(DeadLetterEntry e, String body) {
        return new DeadLetterView(e.id, e.consumer, e.messageId, e.address, e.contentType,
                new JsonObject(e.properties).getMap(), e.reason, e.exceptionClass, e.exceptionMessage, e.attempts,
                e.firstFailureAt, e.lastFailureAt, e.status, e.replayCount, e.updatedAt, body);
    }
}
