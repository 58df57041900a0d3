package io.steadfast.runtime.inbox;

import java.util.List;
import java.util.Set;

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

    // Each claim also deletes the message's attempt notes (steadfast_attempt): processed now or before, its attempts
    // end with this transaction, and a rollback keeps them. In the claim's statement rather than one of its own at the
    // transaction's end: a round trip and a statement fewer per message, which was a sixth of the runtime's
    // statements on the transfer path. A data-modifying CTE runs whether or not the insert refers to it, and the
    // update count stays the insert's.
    private static final String CLAIM = "with forgotten as (delete from steadfast_attempt"
            + " where consumer = :consumer and message_id = :id)"
            + " insert into steadfast_inbox (consumer, message_id, generation)"
            + " select :consumer, :id, generation from steadfast_inbox_claim_generation(:consumer, :id) generation"
            + " on conflict do nothing";
    // The ids come sorted, so two batches sharing ids take their advisory locks in the same order.
    private static final String CLAIM_ALL = "with forgotten as (delete from steadfast_attempt"
            + " where consumer = :consumer and message_id = any(cast(:ids as varchar[])))"
            + " insert into steadfast_inbox (consumer, message_id, generation)"
            + " select :consumer, ids.id, generation from unnest(cast(:ids as varchar[])) ids(id)"
            + " cross join lateral steadfast_inbox_claim_generation(:consumer, ids.id) generation"
            + " on conflict do nothing";
    // The rows this transaction inserted: asked only when some ids were there before (duplicates are rare).
    private static final String CLAIMED = "select message_id from steadfast_inbox"
            + " where consumer = :consumer and message_id in (:ids) and xmin = cast(pg_current_xact_id() as xid)";

    @Override
    public Uni<Boolean> claim(String consumer, String messageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM)
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    @Override
    public Uni<Set<String>> claimAll(String consumer, List<String> messageIds) {
        String[] ids = messageIds.stream().sorted().distinct().toArray(String[]::new);
        if (ids.length != messageIds.size()) {
            throw new IllegalArgumentException("A batch claims each message id once");
        }
        // A count, not 'returning': Hibernate adds a query plan per call for a native query that returns rows and has
        // no list parameter (its key never matches again), until the plan cache is full and each lookup scans it all.
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM_ALL)
                .setParameter("consumer", consumer)
                .setParameter("ids", ids)
                .executeUpdate()
                .chain(inserted -> inserted == ids.length
                        ? Uni.createFrom().item(Set.copyOf(messageIds))
                        : session.createNativeQuery(CLAIMED, String.class)
                                .setParameter("consumer", consumer)
                                .setParameter("ids", List.of(ids))
                                .getResultList()
                                .map(Set::copyOf)));
    }
}
