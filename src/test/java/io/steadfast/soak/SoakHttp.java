package io.steadfast.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonObject;

/**
 * Transfers submitted over HTTP with an {@code Idempotency-Key}, as a careful client does: every key is sent until it
 * gets a 202, and then once more, to either instance. Every fourth key is first sent twice at once (to both
 * instances); a retry whose first request went to an instance killed before the retry counts as retried across a
 * kill. Every 202 for a key must carry the same Location and body as the first.
 */
final class SoakHttp implements AutoCloseable {

    static final class Key {
        final String key;
        final String body;
        final boolean concurrent;
        volatile long firstAttemptAt;
        volatile int firstInstance;
        volatile String firstAnswer;
        volatile String transferId;
        volatile boolean acrossKill;
        final AtomicInteger answers = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        Key(String key, String body, boolean concurrent) {
            this.key = key;
            this.body = body;
            this.concurrent = concurrent;
        }

        boolean done() {
            return answers.get() >= 2;
        }
    }

    private final SoakServices services;
    private final Random random;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final AtomicInteger mismatches = new AtomicInteger();
    private final ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean stopped;

    SoakHttp(SoakServices services, Random random) {
        this.services = services;
        this.random = random;
    }

    void submit(String key, String body) {
        Key entry = new Key(key, body, keys.size() % 4 == 0);
        keys.put(key, entry);
        entry.firstAttemptAt = System.currentTimeMillis();
        if (entry.concurrent) {
            clients.execute(() -> attempt(entry, 0, true));
            clients.execute(() -> attempt(entry, 1, false));
        } else {
            clients.execute(() -> attempt(entry, pick(), true));
        }
    }

    private int pick() {
        synchronized (random) {
            return random.nextInt(services.instances().size());
        }
    }

    private void attempt(Key entry, int instance, boolean schedulesNext) {
        if (stopped) {
            return;
        }
        SoakServices.Instance target = services.instances().get(instance);
        if (entry.requests.getAndIncrement() == 0) {
            entry.firstInstance = instance;
        } else if (services.instances().get(entry.firstInstance).lastKilledAt > entry.firstAttemptAt) {
            entry.acrossKill = true;
        }
        try {
            if (target.usable()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + target.process.port() + "/transfers"))
                        .header("content-type", "application/json").header("Idempotency-Key", entry.key)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(entry.body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    // Quarkus makes Location absolute from the request's Host, which differs between the two
                    // instances here (a load balancer's clients all see one host): compare the path.
                    String location = response.headers().firstValue("location").orElse("")
                            .replaceFirst("^https?://[^/]+", "");
                    record(entry, location + "\n" + response.body());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Killed, frozen or restarting: the client tries again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (schedulesNext && !entry.done() && !stopped) {
            clients.schedule(() -> attempt(entry, pick(), true), 1_000 + pickDelay(), TimeUnit.MILLISECONDS);
        }
    }

    private long pickDelay() {
        synchronized (random) {
            return random.nextInt(2_000);
        }
    }

    private void record(Key entry, String answer) {
        synchronized (entry) {
            if (entry.firstAnswer == null) {
                entry.firstAnswer = answer;
                entry.transferId = new JsonObject(answer.substring(answer.indexOf('\n') + 1)).getString("transferId");
            } else if (!entry.firstAnswer.equals(answer)) {
                mismatches.incrementAndGet();
            }
            entry.answers.incrementAndGet();
        }
    }

    List<Key> keys() {
        return List.copyOf(keys.values());
    }

    boolean allDone() {
        return keys.values().stream().allMatch(Key::done);
    }

    int mismatches() {
        return mismatches.get();
    }

    @Override
    public void close() {
        stopped = true;
        clients.shutdownNow();
    }
}
