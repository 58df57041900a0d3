package io.steadfast.runtime.recoverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The grouping of start notes, with the statement held open by the test: what arrives while one is on its way goes
 * in the next, once per message id, and every caller hears back on its own context. (The statement itself is
 * {@code AttemptStore}'s, run against PostgreSQL by the batch and crash tests.)
 */
@Timeout(10)
class StartNotesTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context caller = vertx.getOrCreateContext();
    private final List<List<String>> statements = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    private final StartNotes notes = new StartNotes(this::write);

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void startsArrivingDuringAStatementShareTheNextOneOncePerMessage() {
        CompletableFuture<String> first = start("m1");
        await().atMost(Duration.ofSeconds(5)).until(() -> statements.size() == 1);
        assertThat(statements.get(0)).containsExactly("m1");

        List<CompletableFuture<String>> waiting = List.of(start("m2"), start("m3"), start("m2"), start("m4"));
        asked();
        // Held: nothing else is written while the first statement is on its way.
        assertThat(statements).hasSize(1);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        pending.get(0).complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> statements.size() == 2);
        assertThat(first.join()).as("answered on the context it asked from").isEqualTo("m1 on caller");
        assertThat(statements.get(1)).as("one statement, each message once").containsExactly("m2", "m3", "m4");

        pending.get(1).complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> statements.size() == 3);
        assertThat(statements.get(2)).as("the second start of m2 goes next").containsExactly("m2");
        pending.get(2).complete(null);

        assertThat(waiting.stream().map(CompletableFuture::join).toList())
                .containsExactly("m2 on caller", "m3 on caller", "m2 on caller", "m4 on caller");
    }

    @Test
    void aFailedStatementFailsItsStartsAndTheNextGroupStillGoes() {
        CompletableFuture<String> first = start("m1");
        await().atMost(Duration.ofSeconds(5)).until(() -> statements.size() == 1);
        CompletableFuture<String> second = start("m2");
        asked();

        pending.get(0).completeExceptionally(new IllegalStateException("connection lost"));
        await().atMost(Duration.ofSeconds(5)).until(() -> statements.size() == 2);
        assertThat(first).failsWithin(Duration.ofSeconds(5)).withThrowableThat().withMessageContaining("connection lost");
        pending.get(1).complete(null);
        assertThat(second.join()).isEqualTo("m2 on caller");
    }

    /** Records the statement's ids and answers when the test completes its future, on a thread of no context. */
    private Uni<Map<String, StartedAttempt>> write(Collection<String> ids) {
        statements.add(List.copyOf(ids));
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(done);
        return Uni.createFrom().completionStage(done.thenApplyAsync(ignored -> ids.stream()
                .collect(Collectors.toMap(id -> id, id -> new StartedAttempt(false, 0, 0, 0, Instant.EPOCH)))));
    }

    /** Waits until the starts asked so far have been asked: they run in order on the caller's context. */
    private void asked() {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        caller.runOnContext(ignored -> reached.complete(null));
        reached.join();
    }

    /** A start asked from the caller's context; completes with the id and whether it came back on that context. */
    private CompletableFuture<String> start(String messageId) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        caller.runOnContext(ignored -> notes.start(messageId).subscribe().with(
                started -> answer.complete(messageId + (Vertx.currentContext() == caller ? " on caller" : " elsewhere")),
                answer::completeExceptionally));
        return answer;
    }
}
