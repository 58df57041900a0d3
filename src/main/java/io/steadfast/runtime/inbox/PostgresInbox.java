package io.steadfast.runtime.inbox;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Insert first, never check-then-insert: {@code on conflict do nothing} keeps the transaction usable and turns the
 * primary key into the duplicate detector, even when two instances race on the same message.
 */
@ApplicationScoped
public class PostgresInbox implements Inbox {

    private static final String CLAIM = "insert into steadfast_inbox (consumer, message_id) values (:consumer, :id)"
            + " on conflict do nothing";

    @Override
    public Uni<Boolean> claim(String consumer, String messageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM)
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
