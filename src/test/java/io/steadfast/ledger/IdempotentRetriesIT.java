package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.steadfast.runtime.transport.amqp.EmbeddedArtemis;
import io.steadfast.testing.FreePorts;
import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.TestDatabase;

/**
 * 5,000 transfers submitted over HTTP, each retried up to three times, some retries concurrent and some across a
 * SIGKILL of the service: applied transfers = distinct keys, and every answer to a key is byte-identical.
 */
class IdempotentRetriesIT {

    private static final int KEYS = 5_000;
    private static final long OPENING = 1_000_000;

    private final Random random = new Random(11);
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, byte[]> firstAnswers = new ConcurrentHashMap<>();
    private final AtomicInteger mismatches = new AtomicInteger();
    private EmbeddedArtemis artemis;
    private ServiceProcess service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop();
        }
        if (artemis != null) {
            artemis.close();
        }
    }

    @Test
    @Timeout(600)
    void everyKeyIsAppliedOnceAndEveryRetryGetsTheFirstAnswer() throws Exception {
        int brokerPort = FreePorts.next();
        artemis = EmbeddedArtemis.start(brokerPort, Files.createTempDirectory(Path.of("target"), "it-retries"), true,
                Duration.ofMillis(100), List.of("ledger.transfers", "ledger.transfer-events"));
        TestDatabase.recreate("steadfast_it_retries");
        service = new ServiceProcess("retries", "steadfast_it_retries", brokerPort);
        service.start();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            service.openAccount("r-" + i, OPENING);
            accounts.add("r-" + i);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            String key = UUID.randomUUID().toString();
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            bodies.put(key, "{\"from\":\"" + accounts.get(from) + "\",\"to\":\"" + accounts.get(to) + "\",\"amount\":"
                    + (1 + random.nextInt(1_000)) + ",\"currency\":\"EUR\"}");
            keys.add(key);
        }

        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            // First attempts; the service is killed while they are under way.
            List<CompletableFuture<Void>> first = keys.stream()
                    .map(key -> CompletableFuture.runAsync(() -> attempt(key), clients)).toList();
            await().atMost(Duration.ofSeconds(120)).until(() -> firstAnswers.size() >= KEYS / 3);
            service.kill();
            CompletableFuture.allOf(first.toArray(new CompletableFuture[0])).join();
            assertThat(firstAnswers.size()).as("some requests lost their answer to the kill").isLessThan(KEYS);
            service.start();

            // Up to three retries per key: every fourth key twice at once, the others one after the other.
            List<CompletableFuture<Void>> retries = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                String key = keys.get(i);
                int times = 1 + i % 3;
                if (i % 4 == 0) {
                    retries.add(CompletableFuture.runAsync(() -> attempt(key), clients));
                    retries.add(CompletableFuture.runAsync(() -> attempt(key), clients));
                } else {
                    retries.add(CompletableFuture.runAsync(() -> {
                        for (int t = 0; t < times; t++) {
                            attempt(key);
                        }
                    }, clients));
                }
            }
            CompletableFuture.allOf(retries.toArray(new CompletableFuture[0])).join();
        } finally {
            clients.shutdownNow();
        }

        assertThat(firstAnswers).as("every key answered").hasSize(KEYS);
        assertThat(mismatches.get()).as("retries answered differently from the first answer").isZero();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> service.number("select count(*) from ledger_transfer") == KEYS);
        assertThat(service.number("select count(*) from steadfast_idempotency")).isEqualTo(KEYS);
        assertThat(service.number("select sum(balance) from ledger_account")).isEqualTo(OPENING * accounts.size());
        long applied = service.number("select count(*) from ledger_transfer where status = 'APPLIED'");
        assertThat(service.number("select count(*) from ledger_entry")).isEqualTo(2 * applied);
    }

    /** One request; records the first answer to each key and counts any later answer that differs from it. */
    private void attempt(String key) {
        Response response;
        try {
            response = given().port(service.port()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(bodies.get(key)).post("/transfers");
        } catch (Exception connectionLost) {
            return;
        }
        if (response.statusCode() != 202) {
            return;
        }
        byte[] answer = (response.header("Location") + "\n" + response.asString()).getBytes();
        byte[] first = firstAnswers.putIfAbsent(key, answer);
        if (first != null && !java.util.Arrays.equals(first, answer)) {
            mismatches.incrementAndGet();
        }
    }
}
