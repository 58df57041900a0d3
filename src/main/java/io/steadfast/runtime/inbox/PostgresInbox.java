package io.steadfast.runtime.inbox;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Insert first, never check-then-insert, into the generation {@code steadfast_inbox_claim_generation} names (see
 * {@code V8__steadfast_inbox_generations.sql}): within the current generation the primary key is the duplicate
 * detector ({@code on conflict do nothing} keeps the transaction usable, and two instances racing on one message
 * cannot both win); the older generations still kept are checked first, under a per-message advisory lock, so a
 * message processed just before a new generation started is still recognised.
 */
@ApplicationScoped
public class PostgresInbox implements Inbox {

    private static final String CLAIM = "insert into steadfast_inbox (consumer, message_id, generation)"
            + " select :consumer, :id, generation from steadfast_inbox_claim_generation(:consumer, :id) generation"
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
