package io.steadfast.runtime.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A message to publish once the current transaction commits.
 *
 * @param address where to send it
 * @param body the payload bytes
 * @param contentType the payload's content type
 * @param partitionKey messages with the same key are published in commit order (sent as AMQP group-id), or null
 * @param headers application properties
 */
public record OutgoingMessage(String address, byte[] body, String contentType, String partitionKey,
        Map<String, String> headers) {

    public OutgoingMessage {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(body, "body");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A JSON payload. */
    public static OutgoingMessage json(String address, String json, String partitionKey, Map<String, String> headers) {
        return new OutgoingMessage(address, json.getBytes(StandardCharsets.UTF_8), "application/json", partitionKey,
                headers);
    }
}
