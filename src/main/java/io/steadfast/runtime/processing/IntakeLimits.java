package io.steadfast.runtime.processing;

import java.util.Optional;

import io.steadfast.runtime.recoverability.StoredText;
import io.steadfast.runtime.transport.InboundEnvelope;

/**
 * What a message must be before any attempt of it runs: within the body and property limits, with an id the inbox
 * can key on. A message that is not is dead-lettered at once with the reason, unparsed: its body is never
 * decoded, so an oversized one is held in memory once, as received.
 *
 * @param maxBodyBytes the largest body accepted
 * @param maxProperties the most application properties accepted
 */
record IntakeLimits(long maxBodyBytes, int maxProperties) {

    /** A body over the limit. */
    static final String TOO_LARGE = "too-large";
    /** More application properties than the limit. */
    static final String TOO_MANY_PROPERTIES = "too-many-properties";
    /** An id longer than the inbox can key on. */
    static final String INVALID_MESSAGE_ID = "invalid-message-id";
    /** The longest message id the inbox and the dead-letter table hold. */
    static final int MAX_MESSAGE_ID = 255;

    /** Why the message is refused. */
    record Refusal(String reason, String message) {
    }

    Optional<Refusal> check(InboundEnvelope envelope) {
        String id = envelope.messageId();
        if (id != null && id.length() > MAX_MESSAGE_ID) {
            return Optional.of(new Refusal(INVALID_MESSAGE_ID, "The message id has " + id.length()
                    + " characters; at most " + MAX_MESSAGE_ID + " are accepted. It begins: " + id.substring(0, 100)));
        }
        if (id != null && !StoredText.isStorable(id)) {
            return Optional.of(new Refusal(INVALID_MESSAGE_ID, "The message id holds a NUL character or half of a"
                    + " surrogate pair: " + StoredText.of(id, MAX_MESSAGE_ID)));
        }
        if (envelope.body().length > maxBodyBytes) {
            return Optional.of(new Refusal(TOO_LARGE, "The body has " + envelope.body().length
                    + " bytes; at most " + maxBodyBytes + " are accepted"));
        }
        if (envelope.properties().size() > maxProperties) {
            return Optional.of(new Refusal(TOO_MANY_PROPERTIES, "The message has " + envelope.properties().size()
                    + " application properties; at most " + maxProperties + " are accepted"));
        }
        return Optional.empty();
    }
}
