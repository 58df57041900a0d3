package io.steadfast.runtime.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

@Timeout(10)
class AttemptIsolationTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final AttemptIsolation isolation = new AttemptIsolation();
    private final List<String> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void sharedAttemptsRunTogether() {
        CompletableFuture<Void> a = run(false, "a");
        CompletableFuture<Void> b = run(false, "b");
        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 2);
        assertThat(isolation.running()).isEqualTo(2);
        finish(a);
        finish(b);
        await().atMost(Duration.ofSeconds(5)).until(() -> isolation.running() == 0);
    }

    @Test
    void aLoneAttemptWaitsForTheSharedOnesAndGoesBeforeThoseThatCameAfterIt() {
        CompletableFuture<Void> shared = run(false, "shared");
        CompletableFuture<Void> alone = run(true, "alone");
        CompletableFuture<Void> later = run(false, "later");
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("shared"));
        assertThat(started).containsExactly("shared");

        finish(shared);
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("alone"));
        assertThat(started).containsExactly("shared", "alone");
        assertThat(isolation.running()).isEqualTo(1);

        finish(alone);
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("later"));
        finish(later);
        await().atMost(Duration.ofSeconds(5)).until(() -> isolation.running() == 0);
    }

    @Test
    void aFailedLoneAttemptLetsTheOthersGoOn() {
        CompletableFuture<Void> alone = run(true, "alone");
        CompletableFuture<Void> after = run(false, "after");
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("alone"));
        alone.completeExceptionally(new IllegalStateException("the handler failed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("after"));
        finish(after);
        await().atMost(Duration.ofSeconds(5)).until(() -> isolation.running() == 0);
    }

    /** Starts guarded work that stays running until the returned future completes. */
    private CompletableFuture<Void> run(boolean alone, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            java.util.function.Supplier<Uni<Void>> work = () -> {
                started.add(name);
                return Uni.createFrom().completionStage(done);
            };
            (alone ? isolation.alone(context, work) : isolation.shared(context, work))
                    .subscribe().with(item -> { }, failure -> { });
        });
        return done;
    }

    private static void finish(CompletableFuture<Void> work) {
        work.complete(null);
    }
}
