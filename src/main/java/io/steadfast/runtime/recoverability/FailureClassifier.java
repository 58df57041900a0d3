package io.steadfast.runtime.recoverability;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.vertx.pgclient.PgException;

/**
 * Sorts a failure into {@link FailureKind}s by walking its cause chain. Pure: no I/O, no state.
 * <p>
 * Infrastructure: the connection to the database could not be made or was lost, or the server said it cannot
 * take work now (SQLSTATE class 08, 57P01-57P03, class 53). Those say nothing about the message, so they must
 * never spend its attempt budget. Permanent: a {@link PermanentFailure}, or a data exception (SQLSTATE class 22),
 * which the same message raises on every attempt.
 */
public final class FailureClassifier {

    private static final Set<String> INFRASTRUCTURE_CLASS_NAMES = Set.of(
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.impl.NoStackTraceTimeoutException",
            "io.netty.channel.ConnectTimeoutException",
            "io.netty.channel.StacklessClosedChannelException",
            "org.hibernate.reactive.exception.ConnectionException");

    /** Reason for a message whose values the database refuses to store (SQLSTATE class 22). */
    public static final String INVALID_DATA = "invalid-data";

    private FailureClassifier() {
    }

    public static Failure classify(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof PermanentFailure permanent) {
                return new Failure(FailureKind.PERMANENT, permanent.reason(), permanent);
            }
            if (isInfrastructure(t)) {
                return new Failure(FailureKind.INFRASTRUCTURE, "infrastructure", failure);
            }
            if (t instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
                // Data exception: the message's values cannot be stored (too long, a NUL character, out of
                // range); the same values fail the same way on every attempt.
                return new Failure(FailureKind.PERMANENT, INVALID_DATA, failure);
            }
        }
        return new Failure(FailureKind.TRANSIENT, Failure.ATTEMPTS_EXHAUSTED, failure);
    }

    private static boolean isInfrastructure(Throwable t) {
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof SocketException
                || t instanceof ClosedChannelException || t instanceof TimeoutException) {
            return true;
        }
        if (t instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            return state.startsWith("08") || state.startsWith("53") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P03");
        }
        if (INFRASTRUCTURE_CLASS_NAMES.contains(t.getClass().getName())) {
            return true;
        }
        String message = t.getMessage();
        // Vert.x reports a dropped connection with a plain VertxException.
        return t.getClass().getName().equals("io.vertx.core.VertxException") && message != null
                && (message.contains("Connection") || message.contains("closed"));
    }
}
