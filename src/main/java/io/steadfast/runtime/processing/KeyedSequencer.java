package io.steadfast.runtime.processing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs tasks with the same key one after the other, in submission order, and tasks with different (or no) keys
 * in parallel. Memory is one future per key with work pending.
 */
final class KeyedSequencer {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    CompletionStage<Void> submit(String key, Supplier<CompletionStage<Void>> task) {
        if (key == null) {
            return run(task);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, done);
        CompletionStage<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
        start.whenComplete((ignored, never) -> run(task).whenComplete((result, failure) -> {
            tails.remove(key, done);
            done.complete(null);
        }));
        return done;
    }

    int pendingKeys() {
        return tails.size();
    }

    private static CompletionStage<Void> run(Supplier<CompletionStage<Void>> task) {
        try {
            return task.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
