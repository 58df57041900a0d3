package io.steadfast.soak;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.steadfast.testing.Ledgers;
import io.steadfast.testing.TcpProxy;
import io.steadfast.testing.brokers.StandaloneArtemis;

/**
 * The chaos soak: PostgreSQL (its own cluster), a standalone Artemis with a persistent journal and two instances of
 * the packaged service, behind TCP fault proxies; a load of AMQP transfers (with poison and re-sent duplicates) and
 * HTTP submissions (with retried Idempotency-Keys); service SIGKILLs every few seconds, broker SIGKILLs, PostgreSQL
 * crashes, SIGSTOP freezes longer than the AMQP idle timeout, and connection cuts, on a schedule and logged. Then
 * everything is healed, drained and checked by {@link SoakChecker}.
 */
final class ChaosSoak {

    static final String TRANSFERS = "ledger.transfers";
    static final String EVENTS = "ledger.transfer-events";
    static final String DATABASE = "soak";
    static final long OPENING = 1_000_000;
    /** The first seconds of load run without faults, while the services' JIT warms up. */
    static final long WARM_UP = 10_000;

    /** A fault as it happened: when (ms since the load started), what, to what, and what it hit. */
    record FaultRecord(long at, String kind, String target, String detail) {
    }

    /** A valid AMQP transfer: when it was first offered to the broker and when the broker confirmed it. */
    static final class Sent {
        final long firstAttemptAt;
        volatile long confirmedAt;

        Sent(long firstAttemptAt) {
            this.firstAttemptAt = firstAttemptAt;
        }
    }

    final SoakSettings settings;
    final Random random;
    final Map<String, Sent> transfers = new ConcurrentHashMap<>();
    final Map<String, String> poison = new ConcurrentHashMap<>();
    final List<FaultRecord> faults = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong duplicatesConfirmed = new AtomicLong();
    final AtomicLong killsSkipped = new AtomicLong();
    final Map<Long, AtomicInteger> sentPerSecond = new ConcurrentHashMap<>();
    final List<String> accounts = new ArrayList<>();
    long startedAt;
    long loadEndedAt;
    long healedAt;
    long drainedAt;

    SoakPostgres postgres;
    StandaloneArtemis broker;
    TcpProxy brokerProxy;
    TcpProxy databaseProxy;
    SoakServices services;
    SoakProducer producer;
    SoakHttp http;
    private int nextKill;
    private volatile boolean brokerDown;
    private volatile boolean databaseDown;

    ChaosSoak(SoakSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /** Runs the whole soak and returns its checked outcome; every process it started is stopped. */
    SoakChecker.Outcome run() throws Exception {
        Files.createDirectories(settings.output());
        try {
            setUp();
            load();
            heal();
            drain();
            return new SoakChecker(this).check();
        } finally {
            tearDown();
        }
    }

    private void setUp() throws IOException {
        postgres = new SoakPostgres(settings.output());
        postgres.start();
        postgres.createDatabase(DATABASE);
        broker = new StandaloneArtemis(";amqpIdleTimeout=" + SoakSettings.IDLE_TIMEOUT.toMillis());
        broker.start();
        brokerProxy = TcpProxy.start("127.0.0.1", broker.port());
        databaseProxy = TcpProxy.start("127.0.0.1", postgres.port());
        services = new SoakServices(2, "127.0.0.1", databaseProxy.port(), DATABASE, brokerProxy.port(),
                "-Dsteadfast.broker.kind=artemis");
        services.startAll();
        for (int i = 0; i < settings.accounts(); i++) {
            String id = "soak-" + i;
            services.instances().get(0).process.openAccount(id, OPENING);
            accounts.add(id);
        }
        producer = new SoakProducer(broker.port(), TRANSFERS, 4);
        http = new SoakHttp(services, new Random(settings.seed() + 1));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Load
    // ---------------------------------------------------------------------------------------------------------

    private void load() throws InterruptedException {
        ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
        startedAt = System.currentTimeMillis();
        scheduleFaults(chaos);
        List<String> confirmedIds = Collections.synchronizedList(new ArrayList<>());
        Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        int poisonEvery = (int) Math.round(100 / settings.poisonPercent());
        double duplicateChance = (double) settings.duplicates() / settings.messages();
        double httpChance = (double) settings.httpKeys() / settings.messages();
        int duplicatesSent = 0;
        int keysSent = 0;
        long submitted = 0;
        for (int i = 0; i < settings.messages(); i++) {
            pace(startedAt + (long) i * 1000 / settings.rate());
            while (producer.unconfirmed(submitted) > 2_000) {
                // The broker is down: a real producer blocks too (its window is full).
                pace(System.currentTimeMillis() + 50);
            }
            long now = System.currentTimeMillis();
            sentPerSecond.computeIfAbsent((now - startedAt) / 1000, s -> new AtomicInteger()).incrementAndGet();
            if (i % poisonEvery == poisonEvery / 2) {
                sendPoison(i / poisonEvery);
            } else {
                String transferId = new UUID(random.nextLong(), random.nextLong()).toString();
                int from = random.nextInt(accounts.size());
                int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
                byte[] body = transfer(transferId, accounts.get(from), accounts.get(to), 1 + random.nextInt(1_000));
                Sent sent = new Sent(now);
                transfers.put(transferId, sent);
                bodies.put(transferId, body);
                producer.send(new SoakProducer.Outgoing("m-" + transferId, body, "application/json", at -> {
                    sent.confirmedAt = at;
                    confirmedIds.add(transferId);
                }));
            }
            submitted++;
            if (duplicatesSent < settings.duplicates() && random.nextDouble() < duplicateChance
                    && !confirmedIds.isEmpty()) {
                String again = confirmedIds.get(random.nextInt(confirmedIds.size()));
                producer.send(new SoakProducer.Outgoing("m-" + again, bodies.get(again), "application/json",
                        at -> duplicatesConfirmed.incrementAndGet()));
                duplicatesSent++;
                submitted++;
            }
            if (keysSent < settings.httpKeys() && random.nextDouble() < httpChance) {
                int from = random.nextInt(accounts.size());
                int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
                http.submit("k-" + new UUID(random.nextLong(), random.nextLong()), "{\"from\":\"" + accounts.get(from)
                        + "\",\"to\":\"" + accounts.get(to) + "\",\"amount\":" + (1 + random.nextInt(1_000))
                        + ",\"currency\":\"EUR\"}");
                keysSent++;
            }
        }
        loadEndedAt = System.currentTimeMillis();
        chaos.shutdownNow();
        chaos.awaitTermination(2, TimeUnit.MINUTES);
    }

    private void sendPoison(int n) {
        String id = "p-" + n;
        switch (n % 3) {
            case 0 -> {
                poison.put(id, "malformed");
                producer.send(new SoakProducer.Outgoing(id, "{\"transferId\": oops".getBytes(StandardCharsets.UTF_8),
                        "application/json", at -> { }));
            }
            case 1 -> {
                poison.put(id, "invalid");
                producer.send(new SoakProducer.Outgoing(id, transfer(UUID.randomUUID().toString(), accounts.get(0),
                        accounts.get(1), -5), "application/json", at -> { }));
            }
            default -> {
                poison.put(id, "too-large");
                byte[] huge = new byte[1_100_000];
                java.util.Arrays.fill(huge, (byte) ' ');
                byte[] head = transfer(UUID.randomUUID().toString(), accounts.get(0), accounts.get(1), 1);
                System.arraycopy(head, 0, huge, 0, head.length);
                producer.send(new SoakProducer.Outgoing(id, huge, "application/json", at -> { }));
            }
        }
    }

    private static byte[] transfer(String transferId, String from, String to, long amount) {
        return Ledgers.transfer(transferId, from, to, amount, "EUR").getBytes(StandardCharsets.UTF_8);
    }

    /** Waits for the load generator's next send time (pacing, not a test waiting for a condition). */
    private static void pace(long until) throws InterruptedException {
        long wait = until - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Faults
    // ---------------------------------------------------------------------------------------------------------

    private void scheduleFaults(ScheduledExecutorService chaos) {
        long load = settings.load().toMillis();
        for (long at = WARM_UP; at < load; at += settings.serviceKillEvery().toMillis()) {
            chaos.schedule(() -> fault(this::killService), at, TimeUnit.MILLISECONDS);
        }
        spread(chaos, settings.brokerKills(), 0.35, () -> fault(() -> killBroker(chaos)));
        spread(chaos, settings.databaseCrashes(), 0.7, () -> fault(() -> crashDatabase(chaos)));
        spread(chaos, settings.freezes(), 0.5, () -> fault(() -> freeze(chaos)));
        AtomicInteger cuts = new AtomicInteger();
        spread(chaos, settings.cuts(), 0.15, () -> fault(() -> cut(chaos, cuts.getAndIncrement() % 2 == 1)));
    }

    private void spread(ScheduledExecutorService chaos, int count, double phase, Runnable fault) {
        long span = Math.max(0, settings.load().toMillis() - WARM_UP);
        for (int j = 0; j < count; j++) {
            chaos.schedule(fault, WARM_UP + (long) (span * (j + phase) / count), TimeUnit.MILLISECONDS);
        }
    }

    private interface Fault {
        void inject() throws Exception;
    }

    private void fault(Fault fault) {
        try {
            fault.inject();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log("error", "-", e.toString());
        }
    }

    private void killService() throws InterruptedException {
        List<SoakServices.Instance> instances = services.instances();
        for (int tried = 0; tried < instances.size(); tried++) {
            SoakServices.Instance victim = instances.get(nextKill++ % instances.size());
            boolean othersUp = instances.stream().allMatch(i -> i == victim || i.usable());
            if (victim.upFor(settings.minimumUptime()) && othersUp) {
                String name = victim.applicationName();
                String open = openTransactions(name);
                services.kill(victim);
                log("service SIGKILL", victim.name(), open + " open transactions" + backendsGone(name));
                return;
            }
        }
        killsSkipped.incrementAndGet();
    }

    private void killBroker(ScheduledExecutorService chaos) {
        broker.kill();
        brokerDown = true;
        log("broker SIGKILL", "artemis", "restart in 3 s on the same journal");
        chaos.schedule(() -> fault(() -> {
            broker.start();
            brokerDown = false;
            log("broker started", "artemis", "");
        }), 3, TimeUnit.SECONDS);
    }

    private void crashDatabase(ScheduledExecutorService chaos) {
        String open = openTransactions(null);
        postgres.crash();
        databaseDown = true;
        log("PostgreSQL immediate stop", "postgres", open + " open transactions");
        chaos.schedule(() -> fault(() -> {
            postgres.start();
            databaseDown = false;
            log("PostgreSQL started", "postgres", "after crash recovery");
        }), 5, TimeUnit.SECONDS);
    }

    private void freeze(ScheduledExecutorService chaos) {
        for (SoakServices.Instance instance : services.instances()) {
            if (instance.usable()) {
                services.freeze(instance);
                long frozenFor = SoakSettings.IDLE_TIMEOUT.multipliedBy(2).toMillis();
                log("SIGSTOP", instance.name(), "for " + frozenFor / 1000 + " s (AMQP idle timeout "
                        + SoakSettings.IDLE_TIMEOUT.toSeconds() + " s)");
                chaos.schedule(() -> fault(() -> {
                    services.thaw(instance);
                    log("SIGCONT", instance.name(), "");
                }), frozenFor, TimeUnit.MILLISECONDS);
                return;
            }
        }
    }

    private void cut(ScheduledExecutorService chaos, boolean partition) {
        if (partition) {
            brokerProxy.refuse();
            databaseProxy.refuse();
            log("connections refused", "proxies", "broker and database unreachable for 4 s");
            chaos.schedule(() -> fault(() -> {
                brokerProxy.restore();
                databaseProxy.restore();
                log("connections restored", "proxies", "");
            }), 4, TimeUnit.SECONDS);
        } else {
            brokerProxy.cut();
            databaseProxy.cut();
            log("connections cut", "proxies", "every broker and database connection dropped");
        }
    }

    /**
     * How long PostgreSQL took to end the killed process's sessions (and so release its row locks), which the
     * survivor would otherwise wait on.
     */
    private String backendsGone(String applicationName) {
        long killedAt = System.currentTimeMillis();
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> openSessions(applicationName) == 0);
            return ", its sessions gone after " + (System.currentTimeMillis() - killedAt) + " ms";
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return ", its sessions not seen gone within 5 s";
        }
    }

    private long openSessions(String applicationName) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), SoakPostgres.USER, "");
                PreparedStatement statement = connection.prepareStatement(
                        "select count(*) from pg_stat_activity where application_name = ?")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Transactions open right now (of one process, by its application_name, or of all). */
    private String openTransactions(String applicationName) {
        String sql = "select count(*) from pg_stat_activity where xact_start is not null and datname = '" + DATABASE
                + "'" + (applicationName == null ? " and application_name like 'soak-%'"
                        : " and application_name = ?");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), SoakPostgres.USER, "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (applicationName != null) {
                statement.setString(1, applicationName);
            }
            statement.setQueryTimeout(2);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return String.valueOf(rows.getLong(1));
            }
        } catch (SQLException e) {
            return "unknown";
        }
    }

    private void log(String kind, String target, String detail) {
        FaultRecord record = new FaultRecord(System.currentTimeMillis() - startedAt, kind, target, detail);
        faults.add(record);
        System.out.printf("[soak] %7.1f s  %-26s %-10s %s%n", record.at() / 1000.0, kind, target, detail);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Heal and drain
    // ---------------------------------------------------------------------------------------------------------

    private void heal() throws IOException {
        brokerProxy.restore();
        databaseProxy.restore();
        if (brokerDown) {
            broker.start();
        }
        if (databaseDown) {
            postgres.start();
        }
        services.heal();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(services::allReady);
        healedAt = System.currentTimeMillis();
        log("healed", "all", "faults over, every process up");
    }

    private void drain() {
        try {
            await().atMost(settings.drainLimit()).pollInterval(Duration.ofMillis(500))
                    .until(() -> new SoakChecker(this).settled());
            drainedAt = System.currentTimeMillis();
            log("drained", "all", String.format("%.1f s after healing", (drainedAt - healedAt) / 1000.0));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            drainedAt = 0;
            log("not drained", "all", "still unsettled " + settings.drainLimit().toSeconds() + " s after healing");
        }
    }

    private void tearDown() {
        if (http != null) {
            http.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (services != null) {
            services.close();
        }
        if (brokerProxy != null) {
            brokerProxy.close();
        }
        if (databaseProxy != null) {
            databaseProxy.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
