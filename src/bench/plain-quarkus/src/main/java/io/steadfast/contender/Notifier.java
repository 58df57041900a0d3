package io.steadfast.contender;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.json.JsonObject;

/** The notifier, the same way: its own processed-message row and the notification, in one transaction. */
@ApplicationScoped
public class Notifier {

    static final String CONSUMER = "notifier";

    @Incoming("events")
    @WithTransaction
    public Uni<Void> consume(String body, IncomingAmqpMetadata metadata) {
        String messageId = String.valueOf(metadata.getId());
        return ProcessedMessage.<ProcessedMessage>findById(CONSUMER + "/" + messageId).chain(seen -> {
            if (seen != null) {
                return Uni.createFrom().voidItem();
            }
            JsonObject event = new JsonObject(body);
            Notification notification = new Notification();
            notification.transferId = UUID.fromString(event.getString("transferId"));
            notification.eventType = event.getString("type");
            notification.status = "DONE";
            notification.doneAt = OffsetDateTime.now();
            return ProcessedMessage.of(CONSUMER, messageId).persist().chain(notification::persist).replaceWithVoid();
        });
    }
}
