package io.steadfast.runtime.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class KeyedSequencerTest {

    private final KeyedSequencer sequencer = new KeyedSequencer();
    private final List<String> started = new ArrayList<>();

    @Test
    void aKeyedTaskWaitsForTheOneBeforeItEvenWhenThatOneFails() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        sequencer.submit("k", () -> track("first", first));
        CompletableFuture<Void> second = new CompletableFuture<>();
        sequencer.submit("k", () -> track("second", second));
        assertThat(started).containsExactly("first");

        first.completeExceptionally(new IllegalStateException("failed"));
        assertThat(started).containsExactly("first", "second");
        second.complete(null);
        assertThat(sequencer.pendingKeys()).isZero();
    }

    @Test
    void differentKeysAndUnkeyedTasksDoNotWait() {
        sequencer.submit("a", () -> track("a", new CompletableFuture<>()));
        sequencer.submit("b", () -> track("b", new CompletableFuture<>()));
        sequencer.submit(null, () -> track("none", new CompletableFuture<>()));
        assertThat(started).containsExactly("a", "b", "none");
    }

    @Test
    void aTaskThatThrowsReleasesItsKey() {
        sequencer.submit("k", () -> {
            throw new IllegalStateException("thrown, not returned");
        });
        sequencer.submit("k", () -> track("next", CompletableFuture.completedFuture(null)));
        assertThat(started).containsExactly("next");
        assertThat(sequencer.pendingKeys()).isZero();
    }

    private CompletableFuture<Void> track(String name, CompletableFuture<Void> result) {
        started.add(name);
        return result;
    }
}
