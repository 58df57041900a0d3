package io.steadfast.runtime.processing;

import java.util.ArrayDeque;
import java.util.Deque;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/** An asynchronous semaphore: bounds the deliveries a consumer holds without blocking a thread. */
final class InFlightLimiter {

    private final int max;
    private final Deque<UniEmitter<? super Void>> waiting = new ArrayDeque<>();
    private int inFlight;

    InFlightLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + max);
        }
        this.max = max;
    }

    Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            boolean granted;
            synchronized (this) {
                granted = inFlight < max;
                if (granted) {
                    inFlight++;
                } else {
                    waiting.add(emitter);
                }
            }
            if (granted) {
                emitter.complete(null);
            }
        });
    }

    void release() {
        UniEmitter<? super Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.complete(null);
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
