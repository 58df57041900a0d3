package io.steadfast.runtime.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

class ContextsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    @Timeout(10)
    void aResultFromAnotherThreadComesBackToTheContextThatSubscribed() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Context> resumedOn = new CompletableFuture<>();
        // Assembled here, on the test's thread, which has no context: only the subscriber's counts.
        Uni<String> late = Contexts.backToSubscriber(Uni.createFrom().item("sent").onItem().delayIt()
                .by(Duration.ofMillis(20)));
        context.runOnContext(ignored -> late.subscribe().with(item -> resumedOn.complete(Vertx.currentContext()),
                resumedOn::completeExceptionally));
        assertThat(resumedOn.get(5, TimeUnit.SECONDS)).isSameAs(context);
    }

    @Test
    void subscribingOffAnyContextIsReportedAsTheCallersMistake() {
        Uni<String> late = Contexts.backToSubscriber(Uni.createFrom().item("sent"));
        assertThatThrownBy(() -> late.await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no Vert.x context to come back to");
    }
}
