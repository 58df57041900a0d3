package io.steadfast.runtime.processing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Who else is running when an attempt runs, process-wide. Ordinary attempts share the process; an attempt of a
 * message whose last attempt was cut off (the process stopped during it) runs alone, so that if the process stops
 * again, the message it was running is known. A crash kills every attempt in flight, so without isolation it could
 * not be told which message caused it.
 * <p>
 * An asynchronous shared/exclusive lock that never blocks a thread. An exclusive request waits for the shared
 * holders to finish and goes before shared requests made after it, so a steady load cannot starve it. Waiters
 * continue on their own Vert.x context.
 */
@ApplicationScoped
public class AttemptIsolation {

    private record Waiter(boolean exclusive, Context context, Runnable grant) {
    }

    private final Deque<Waiter> waiting = new ArrayDeque<>();
    private int sharedHolders;
    private boolean exclusiveHeld;

    /** Runs {@code work} alongside other shared work; waits while an isolated attempt runs or waits. */
    public <T> Uni<T> shared(Context context, Supplier<Uni<T>> work) {
        return guarded(false, context, work);
    }

    /** Runs {@code work} alone: after the shared work in progress has finished, and with nothing else started. */
    public <T> Uni<T> alone(Context context, Supplier<Uni<T>> work) {
        return guarded(true, context, work);
    }

    /** Attempts running now (shared and alone); for tests and diagnostics. */
    public synchronized int running() {
        return sharedHolders + (exclusiveHeld ? 1 : 0);
    }

    private <T> Uni<T> guarded(boolean exclusive, Context context, Supplier<Uni<T>> work) {
        return acquire(exclusive, context).chain(() -> Uni.createFrom().<T>deferred(work::get)
                .onTermination().invoke(() -> release(exclusive)));
    }

    private Uni<Void> acquire(boolean exclusive, Context context) {
        return Uni.createFrom().emitter(emitter -> {
            boolean granted;
            synchronized (this) {
                granted = waiting.isEmpty() && grantable(exclusive);
                if (granted) {
                    take(exclusive);
                } else {
                    waiting.add(new Waiter(exclusive, context, () -> emitter.complete(null)));
                }
            }
            if (granted) {
                emitter.complete(null);
            }
        });
    }

    private void release(boolean exclusive) {
        List<Waiter> granted = new ArrayList<>();
        synchronized (this) {
            if (exclusive) {
                exclusiveHeld = false;
            } else {
                sharedHolders--;
            }
            while (!waiting.isEmpty() && grantable(waiting.peek().exclusive())) {
                Waiter next = waiting.poll();
                take(next.exclusive());
                granted.add(next);
            }
        }
        for (Waiter waiter : granted) {
            waiter.context().runOnContext(ignored -> waiter.grant().run());
        }
    }

    private boolean grantable(boolean exclusive) {
        return !exclusiveHeld && (!exclusive || sharedHolders == 0);
    }

    private void take(boolean exclusive) {
        if (exclusive) {
            exclusiveHeld = true;
        } else {
            sharedHolders++;
        }
    }
}
