package io.steadfast.runtime.processing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.vertx.core.Vertx;

/**
 * Gathers deliveries into batches: a batch is handed on when it holds {@code size} deliveries or its first delivery
 * has waited {@code maxWait}, whichever comes first.
 */
final class Batcher {

    private final int size;
    private final long maxWaitMillis;
    private final Vertx vertx;
    private final Consumer<List<BatchItem>> runner;

    private List<BatchItem> open = new ArrayList<>();
    private long timer = -1;
    private long opened;

    Batcher(int size, Duration maxWait, Vertx vertx, Consumer<List<BatchItem>> runner) {
        if (size < 2) {
            throw new IllegalArgumentException("a batch holds at least 2 deliveries, was " + size);
        }
        this.size = size;
        this.maxWaitMillis = Math.max(1, maxWait.toMillis());
        this.vertx = vertx;
        this.runner = runner;
    }

    void add(BatchItem item) {
        List<BatchItem> full = null;
        synchronized (this) {
            open.add(item);
            if (open.size() >= size) {
                full = take();
            } else if (open.size() == 1) {
                long batch = ++opened;
                timer = vertx.setTimer(maxWaitMillis, ignored -> expire(batch));
            }
        }
        if (full != null) {
            runner.accept(full);
        }
    }

    private void expire(long batch) {
        List<BatchItem> due = null;
        synchronized (this) {
            if (batch == opened && !open.isEmpty()) {
                timer = -1;
                due = take();
            }
        }
        if (due != null) {
            runner.accept(due);
        }
    }

    private List<BatchItem> take() {
        List<BatchItem> batch = open;
        open = new ArrayList<>();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        return batch;
    }
}
