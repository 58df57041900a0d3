package io.steadfast.runtime.transport;

import java.util.Map;
import java.util.Objects;

/** A message to send durably to an address, with a stable message id and, optionally, a group (partition key). */
public record OutboundEnvelope(String address, String messageId, byte[] body, String contentType,
        Map<String, Object> properties, String groupId) {

    public OutboundEnvelope {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
