package io.steadfast.runtime.inbox;

import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;

/**
 * Duplicate detection for one consumer. {@link #claim} runs first inside the handler's transaction; when it
 * returns {@code false} the message was processed before and the handler must be skipped.
 */
public interface Inbox {

    /** Records the message as processed in the current transaction; {@code false} when it already was. */
    Uni<Boolean> claim(String consumer, String messageId);

    /**
     * Records several distinct messages as processed in the current transaction, in one statement; returns the ids
     * that were not processed before.
     */
    Uni<Set<String>> claimAll(String consumer, List<String> messageIds);
}
