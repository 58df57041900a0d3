package io.steadfast.runtime.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A received message as the runtime sees it, whatever the broker: identity, raw body and headers.
 *
 * @param messageId the broker message id as text, or {@code null} when the sender set none
 * @param address the address the message was received from
 * @param body the raw body bytes (a string body is given as its UTF-8 bytes)
 * @param contentType the declared content type, or {@code null}
 * @param properties application properties
 * @param groupId the broker-level group id, or {@code null}
 * @param deliveryCount how often the broker says it delivered this message before (informational only)
 */
public record InboundEnvelope(String messageId, String address, byte[] body, String contentType,
        Map<String, Object> properties, String groupId, int deliveryCount) {

    public InboundEnvelope {
        // Not Map.copyOf: an AMQP application property may be null.
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        body = body == null ? new byte[0] : body;
    }
}
