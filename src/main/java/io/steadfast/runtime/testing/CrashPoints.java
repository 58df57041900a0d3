package io.steadfast.runtime.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.steadfast.runtime.config.SteadfastConfig;

/**
 * Halts the JVM (no shutdown hooks, like a power cut) the first time the named crash point is reached, when
 * {@code steadfast.testing.crash-point} names one. For crash-recovery tests of the packaged service; inert otherwise.
 */
@ApplicationScoped
public class CrashPoints {

    /** A consumer's transaction committed; its delivery is not accepted yet. */
    public static final String AFTER_COMMIT = "after-commit";
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
}
