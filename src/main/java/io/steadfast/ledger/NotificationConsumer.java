package io.steadfast.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.processing.ExactlyOnceConsumer;

/**
 * The notifier: takes transfer events from the {@code ledger-notifier} channel (queue
 * {@code ledger.transfer-events}). Created at start-up, so that the consumer (its state, its metrics)
 * exists before the first message.
 */
@ApplicationScoped
@Startup
public class NotificationConsumer {

    public static final String CHANNEL = "ledger-notifier";

    private final ExactlyOnceConsumer consumer;

    @Inject
    NotificationConsumer(Consumers consumers, NotificationHandler handler) {
        this.consumer = consumers.register(CHANNEL, handler);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onMessage(Message<Object> message) {
        return consumer.admit(message);
    }
}
