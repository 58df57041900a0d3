package io.steadfast.ledger;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.ExactlyOnce;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.processing.MessageHandler;
import io.steadfast.runtime.recoverability.PermanentFailure;

/**
 * Records the notification for a {@code TransferApplied} / {@code TransferRejected} event, once: the inbox drops a
 * redelivered or re-sent event, and the transfer id is the notification's key.
 */
@ApplicationScoped
@ExactlyOnce
public class NotificationHandler implements MessageHandler {

    private static final String RECORD = "insert into ledger_notification (transfer_id, event_type, status)"
            + " values (:transferId, :type, 'INIT') on conflict do nothing";

    @Override
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 200)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> handle(InboundMessage message) {
        JsonNode event = message.json();
        String type = event.path("type").asText("");
        if (!List.of("TransferApplied", "TransferRejected").contains(type)) {
            throw new PermanentFailure(PermanentFailure.INVALID, "Unknown event type '" + type + "'");
        }
        UUID transferId;
        try {
            transferId = UUID.fromString(event.path("transferId").asText(""));
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure(PermanentFailure.INVALID, "transferId must be a UUID", e);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD)
                .setParameter("transferId", transferId)
                .setParameter("type", type)
                .executeUpdate())
                .replaceWithVoid();
    }
}
