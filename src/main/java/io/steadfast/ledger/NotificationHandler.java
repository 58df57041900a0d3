package io.steadfast.ledger;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.BatchHandler;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.processing.ExactlyOnce;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.recoverability.ImmediateRetries;
import io.steadfast.runtime.recoverability.PermanentFailure;

/**
 * The notifier, whole: takes transfer events from the {@code ledger-notifier} channel (queue
 * {@code ledger.transfer-events}) and records the notification for each {@code TransferApplied} /
 * {@code TransferRejected} event once: the inbox drops a redelivered or re-sent event, and the transfer id is the
 * notification's key. Created at start-up, so that the consumer (its state, its metrics) exists before the first
 * message.
 */
@ApplicationScoped
@Startup
public class NotificationHandler implements BatchHandler {

    public static final String CHANNEL = "ledger-notifier";

    private static final String RECORD = "insert into ledger_notification (transfer_id, event_type, status)"
            + " values (:transferId, :type, 'INIT') on conflict do nothing";
    // Rows in transfer id order: two batches holding a redelivered event each wait on its key in the same order.
    private static final String RECORD_ALL = "insert into ledger_notification (transfer_id, event_type, status)"
            + " select id, type, 'INIT' from unnest(cast(:ids as uuid[]), cast(:types as varchar[])) n(id, type)"
            + " order by id on conflict do nothing";

    private record Event(UUID transferId, String type) {
    }

    @Inject
    Consumers consumers;

    @PostConstruct
    void register() {
        consumers.register(CHANNEL, this);
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(Message<Object> message) {
        return consumers.admit(CHANNEL, message);
    }

    @Override
    @ExactlyOnce
    @Retry(maxRetries = ImmediateRetries.MAX_RETRIES, delay = ImmediateRetries.DELAY_MILLIS,
            jitter = ImmediateRetries.JITTER_MILLIS)
    @ExponentialBackoff(factor = ImmediateRetries.BACKOFF_FACTOR, maxDelay = ImmediateRetries.MAX_DELAY_MILLIS)
    public Uni<Void> handle(InboundMessage message) {
        Event event = event(message);
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD)
                .setParameter("transferId", event.transferId())
                .setParameter("type", event.type())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** One insert for the batch; an event that cannot be read fails it, and the split leaves that one alone. */
    @Override
    public Uni<Void> handleAll(List<InboundMessage> messages) {
        List<Event> events = messages.stream().map(NotificationHandler::event).toList();
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD_ALL)
                .setParameter("ids", events.stream().map(Event::transferId).toArray(UUID[]::new))
                .setParameter("types", events.stream().map(Event::type).toArray(String[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }

    private static Event event(InboundMessage message) {
        JsonNode event = message.json();
        String type = event.path("type").asText("");
        if (!List.of("TransferApplied", "TransferRejected").contains(type)) {
            throw new PermanentFailure(PermanentFailure.INVALID, "Unknown event type '" + type + "'");
        }
        try {
            return new Event(UUID.fromString(event.path("transferId").asText("")), type);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure(PermanentFailure.INVALID, "transferId must be a UUID", e);
        }
    }
}
