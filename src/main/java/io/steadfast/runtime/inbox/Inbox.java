package io.steadfast.runtime.inbox;

import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;

/**
 * Duplicate detection for one consumer. {@link #claim} runs first inside the handler's transaction; when it
 * returns {@code false} the message was processed before and the handler must be skipped.
 */
public interface Inbox {

    /**
     * Records the message as processed in the current transaction; {@code false} when it already was. Its attempt
     * notes are forgotten with the same statement (they go if the transaction commits, and stay if it rolls back).
     */
    Uni<Boolean> claim(String consumer, String messageId);

    /**
     * Records several distinct messages as processed in the current transaction, in one statement; returns the ids
     * that were not processed before. Their attempt notes are forgotten as by {@link #claim}.
     */
    Uni<Set<String>> claimAll(String consumer, List<String> messageIds);
}
