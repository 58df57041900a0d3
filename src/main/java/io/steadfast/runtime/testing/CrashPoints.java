package io.steadfast.runtime.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.steadfast.runtime.config.SteadfastConfig;

/**
 * Halts the JVM (no shutdown hooks, like a power cut) the first time the named crash point is reached in this
 * process, when {@code steadfast.testing.crash-point} names one. For crash-recovery tests of the packaged service; inert otherwise.
 */
@ApplicationScoped
public class CrashPoints {

    /** A consumer's transaction committed; its delivery is not accepted yet. */
    public static final String AFTER_COMMIT = "after-commit";
    /** Inside a consumer's attempt, after the inbox insert, before the handler's changes commit. */
    public static final String DURING_ATTEMPT = "during-attempt";
    /** An outbox row was inserted in the business transaction; the transaction has not committed yet. */
    public static final String AFTER_OUTBOX_INSERT = "after-outbox-insert";
    /** The broker accepted an outbox message; the row is not marked published yet. */
    public static final String AFTER_OUTBOX_ACCEPT = "after-outbox-accept";
    /** An HTTP command's idempotency record committed; the response is not sent yet. */
    public static final String AFTER_IDEMPOTENCY_COMMIT = "after-idempotency-commit";

    private static final Logger LOG = Logger.getLogger(CrashPoints.class);

    @Inject
    SteadfastConfig config;

    public void reached(String point) {
        if (config.testing().crashPoint().filter(point::equals).isPresent()) {
            LOG.errorf("Crash point %s reached: halting", point);
            Runtime.getRuntime().halt(99);
        }
    }

    /**
     * As {@link #reached(String)}, for a point reached on behalf of one message: when
     * {@code steadfast.testing.crash-message-id} is set, only that message halts the JVM, every time (a poison
     * message that kills the process).
     */
    public void reached(String point, String messageId) {
        if (config.testing().crashMessageId().map(messageId::equals).orElse(true)) {
            reached(point);
        }
    }
}
