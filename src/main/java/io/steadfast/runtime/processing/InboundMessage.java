package io.steadfast.runtime.processing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.steadfast.runtime.recoverability.PermanentFailure;
import io.steadfast.runtime.transport.InboundEnvelope;
import io.vertx.core.Context;

/** What a handler sees of one delivery: its identity, body and headers. Immutable. */
public final class InboundMessage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String channel;
    private final String consumer;
    private final InboundEnvelope envelope;
    private final String partitionKey;
    private final int attemptBudget;
    private final int crashBudget;
    private final Context context;

    InboundMessage(String channel, String consumer, InboundEnvelope envelope, String partitionKey, int attemptBudget,
            int crashBudget, Context context) {
        this.channel = channel;
        this.consumer = consumer;
        this.envelope = envelope;
        this.partitionKey = partitionKey;
        this.attemptBudget = attemptBudget;
        this.crashBudget = crashBudget;
        this.context = context;
    }

    public String channel() {
        return channel;
    }

    /** The inbox key's consumer part. */
    public String consumer() {
        return consumer;
    }

    public String messageId() {
        return envelope.messageId();
    }

    public String address() {
        return envelope.address();
    }

    public byte[] body() {
        return envelope.body().clone();
    }

    public String bodyAsString() {
        return new String(envelope.body(), StandardCharsets.UTF_8);
    }

    public String contentType() {
        return envelope.contentType();
    }

    public Map<String, Object> properties() {
        return envelope.properties();
    }

    /** The key that orders this message after others with the same key, or {@code null}. */
    public String partitionKey() {
        return partitionKey;
    }

    /**
     * The body parsed as JSON.
     *
     * @throws PermanentFailure with reason {@code unsupported-content-type} when the message declares a content type
     *         that is not JSON, {@code malformed} when the body is not JSON
     */
    public JsonNode json() {
        if (!isJson(envelope.contentType())) {
            throw new PermanentFailure(PermanentFailure.UNSUPPORTED_CONTENT_TYPE, "The content type is '"
                    + envelope.contentType() + "', not JSON");
        }
        try {
            JsonNode node = JSON.readTree(envelope.body());
            if (node == null || node.isMissingNode()) {
                throw new PermanentFailure(PermanentFailure.MALFORMED, "The body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PermanentFailure(PermanentFailure.MALFORMED, "The body is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PermanentFailure(PermanentFailure.MALFORMED, "The body cannot be read: " + e.getMessage(), e);
        }
    }

    /** No content type (many senders set none), {@code application/json}, or a {@code +json} type. */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
    }

    InboundEnvelope envelope() {
        return envelope;
    }

    int attemptBudget() {
        return attemptBudget;
    }

    int crashBudget() {
        return crashBudget;
    }

    Context context() {
        return context;
    }
}
