package io.steadfast.testing;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.outbox.OutgoingMessage;
import io.steadfast.runtime.processing.BatchHandler;
import io.steadfast.runtime.processing.ExactlyOnce;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.recoverability.PermanentFailure;

/**
 * A handler whose behaviour the message prescribes: {@code {"failures": n}} fails the first n attempts,
 * {@code {"holdMillis": m}} takes m ms (without blocking a thread), {@code {"emit": "address"}} adds an outbox
 * message to that address on every attempt (only the committed one may be published), and a message id in
 * {@link #POISONED} fails
 * permanently. Each success writes one row to {@code test_effect}.
 * <p>
 * The annotations say 3 immediate retries; the test profile overrides that to 2 with the standard key
 * {@code io.steadfast.testing.ScriptedHandler/handle/Retry/maxRetries}. With batching on, a batch runs the scripts one
 * after the other in its transaction.
 */
@ApplicationScoped
@ExactlyOnce
public class ScriptedHandler implements BatchHandler {

    @Inject
    Outbox outbox;

    public static final Map<String, AtomicInteger> INVOCATIONS = new ConcurrentHashMap<>();
    public static final Set<String> POISONED = ConcurrentHashMap.newKeySet();
    public static final Map<String, AtomicInteger> RUNNING_PER_KEY = new ConcurrentHashMap<>();
    public static final AtomicInteger RUNNING = new AtomicInteger();
    public static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    public static final Set<String> OVERLAPPING_KEYS = ConcurrentHashMap.newKeySet();

    @Override
    @Retry(maxRetries = 3, delay = 20, delayUnit = ChronoUnit.MILLIS, jitter = 5, jitterDelayUnit = ChronoUnit.MILLIS)
    @ExponentialBackoff(factor = 2, maxDelay = 200, maxDelayUnit = ChronoUnit.MILLIS)
    public Uni<Void> handle(InboundMessage message) {
        return apply(message);
    }

    /** Each message's script in turn, in the batch's transaction. */
    @Override
    public Uni<Void> handleAll(List<InboundMessage> messages) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (InboundMessage message : messages) {
            all = all.chain(() -> Uni.createFrom().deferred(() -> apply(message)));
        }
        return all;
    }

    private Uni<Void> apply(InboundMessage message) {
        int attempt = INVOCATIONS.computeIfAbsent(message.messageId(), id -> new AtomicInteger()).incrementAndGet();
        if (POISONED.contains(message.messageId())) {
            throw new PermanentFailure("poisoned", "This message is marked poisoned by the test");
        }
        JsonNode script = message.json();
        boolean fail = attempt <= script.path("failures").asInt(0);
        if (script.hasNonNull("emit")) {
            // Written on every attempt; only the committed attempt's row may ever be published.
            return outbox.add(OutgoingMessage.json(script.get("emit").asText(),
                    "{\"from\":\"" + message.messageId() + "\",\"attempt\":" + attempt + "}",
                    message.messageId(), Map.of())).chain(id -> fail
                            ? Uni.createFrom().failure(new IllegalStateException("Scripted failure " + attempt))
                            : effect(message));
        }
        if (fail) {
            throw new IllegalStateException("Scripted failure " + attempt + " of " + message.messageId());
        }
        long hold = script.path("holdMillis").asLong(0);
        String key = message.partitionKey();
        enter(key);
        Uni<Void> work = hold > 0 ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(hold))
                : Uni.createFrom().voidItem();
        return work.eventually(() -> leave(key)).chain(() -> effect(message));
    }

    private static Uni<Void> effect(InboundMessage message) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into test_effect (consumer, message_id) values (:consumer, :id)")
                        .setParameter("consumer", message.consumer())
                        .setParameter("id", message.messageId())
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static void enter(String key) {
        int running = RUNNING.incrementAndGet();
        MAX_RUNNING.accumulateAndGet(running, Math::max);
        if (key != null && RUNNING_PER_KEY.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
            OVERLAPPING_KEYS.add(key);
        }
    }

    private static void leave(String key) {
        RUNNING.decrementAndGet();
        if (key != null) {
            RUNNING_PER_KEY.get(key).decrementAndGet();
        }
    }
}
