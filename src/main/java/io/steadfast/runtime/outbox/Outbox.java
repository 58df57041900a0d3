package io.steadfast.runtime.outbox;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.testing.CrashPoints;
import io.vertx.core.json.JsonObject;

/**
 * Adds outgoing messages to the current reactive transaction: they are published after it commits, and never if it
 * rolls back. The returned id is the AMQP message-id the message will carry, on every re-send.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into steadfast_outbox"
            + " (id, seq, address, partition_key, body, content_type, headers)"
            + " values (:id, 0, :address, :key, :body, :contentType, :headers)";

    @Inject
    CrashPoints crashPoints;

    public Uni<UUID> add(OutgoingMessage message) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("id", id)
                .setParameter("address", message.address())
                .setParameter("key", message.partitionKey())
                .setParameter("body", message.body())
                .setParameter("contentType", message.contentType())
                .setParameter("headers", new JsonObject(Map.copyOf(message.headers())).encode())
                .executeUpdate())
                .invoke(() -> crashPoints.reached(CrashPoints.AFTER_OUTBOX_INSERT))
                .replaceWith(id);
    }
}
