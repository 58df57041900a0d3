package io.steadfast.runtime.processing;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.steadfast.runtime.recoverability.StartedAttempt;

/**
 * Starts a batch noted for messages that then did not join it (see {@link BatchAttempts}): handed to each message's
 * own first attempt, which must not note its start again (a second note by this same process would hide that the
 * previous attempt was cut off). Taken once: the attempts after it note their own.
 */
@ApplicationScoped
public class NotedStarts {

    private record Key(String consumer, String messageId) {
    }

    private final ConcurrentHashMap<Key, StartedAttempt> noted = new ConcurrentHashMap<>();

    void put(String consumer, String messageId, StartedAttempt start) {
        noted.put(new Key(consumer, messageId), start);
    }

    /** The start noted for this message's next attempt, once; {@code null} when the attempt must note its own. */
    StartedAttempt take(String consumer, String messageId) {
        return noted.remove(new Key(consumer, messageId));
    }
}
