package io.steadfast.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.steadfast.testing.ServiceProcess;

/**
 * The service instances of the soak (packaged jar, one process each), killed, frozen and restarted by the faults.
 * A killed instance is started again at once, in the background. Each start names its database connections
 * ({@code application_name}) so that a kill can be checked against the transactions it left open. Their counters
 * are scraped every second, and the last value each process reached before it died is kept.
 */
final class SoakServices implements AutoCloseable {

    /** The counters kept from every process: proof that the faults reached the code paths they aim at. */
    static final List<String> COUNTERS = List.of(
            "steadfast_inbox_duplicates_total",
            "steadfast_attempts_cut_off_total",
            "steadfast_messages_released_total",
            "steadfast_retries_total",
            "steadfast_deadletter_total",
            "steadfast_outbox_published_total");

    final class Instance {
        final int index;
        final ServiceProcess process;
        volatile boolean frozen;
        volatile boolean restarting;
        volatile long lastKilledAt;
        volatile long readySince;
        private final Map<String, Double> lastScrape = new ConcurrentHashMap<>();

        Instance(int index, ServiceProcess process) {
            this.index = index;
            this.process = process;
        }

        String name() {
            return "service-" + (char) ('a' + index);
        }

        String applicationName() {
            return "soak-" + name() + "-" + process.starts();
        }

        boolean usable() {
            return !frozen && !restarting && process.alive();
        }

        /** Up, and up for at least {@code uptime}: it has had time to do some work since its last start. */
        boolean upFor(java.time.Duration uptime) {
            return usable() && System.currentTimeMillis() - readySince >= uptime.toMillis();
        }
    }

    private final List<Instance> instances = new ArrayList<>();
    private final String[] settings;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(3);
    private final Map<String, AtomicLong> counted = new ConcurrentHashMap<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean closed;

    SoakServices(int count, String databaseHost, int databasePort, String database, int brokerPort,
            String... settings) {
        this.settings = settings;
        for (int i = 0; i < count; i++) {
            instances.add(new Instance(i, new ServiceProcess("soak/service-" + (char) ('a' + i), databaseHost,
                    databasePort, database, brokerPort)));
        }
        COUNTERS.forEach(name -> counted.put(name, new AtomicLong()));
    }

    List<Instance> instances() {
        return instances;
    }

    void startAll() throws IOException {
        for (Instance instance : instances) {
            instance.process.start(settingsFor(instance, instance.process.starts() + 1));
            instance.readySince = System.currentTimeMillis();
        }
        background.scheduleWithFixedDelay(this::scrapeAll, 1, 1, TimeUnit.SECONDS);
    }

    /** SIGKILL, then a new start in the background. */
    void kill(Instance instance) throws InterruptedException {
        instance.restarting = true;
        instance.lastKilledAt = System.currentTimeMillis();
        instance.process.kill();
        instance.frozen = false;
        keepScrape(instance);
        background.execute(() -> restart(instance));
    }

    /**
     * Starts the instance again; a start that dies (its database is down while Flyway migrates, say) is repeated,
     * as a container platform would.
     */
    private void restart(Instance instance) {
        try {
            for (int tries = 0; tries < 30 && !closed; tries++) {
                try {
                    if (instance.process.startUnlessItCrashes(settingsFor(instance, instance.process.starts() + 1))) {
                        instance.readySince = System.currentTimeMillis();
                        restarts.incrementAndGet();
                        return;
                    }
                } catch (org.awaitility.core.ConditionTimeoutException stillStarting) {
                    // Alive but not ready in 90 s (its broker is down): it keeps trying by itself.
                    instance.readySince = System.currentTimeMillis();
                    restarts.incrementAndGet();
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[soak] " + instance.name() + " did not come back: " + e);
        } finally {
            instance.restarting = false;
        }
    }

    /** SIGSTOP: the process keeps its connections and its open transactions, and says nothing on them. */
    void freeze(Instance instance) {
        signal(instance, "STOP");
        instance.frozen = true;
    }

    void thaw(Instance instance) {
        if (instance.frozen) {
            signal(instance, "CONT");
            instance.frozen = false;
        }
    }

    /** Every instance thawed and (re)started: the end of the faults. */
    void heal() {
        for (Instance instance : instances) {
            thaw(instance);
            if (!instance.process.alive() && !instance.restarting) {
                instance.restarting = true;
                restart(instance);
            }
        }
    }

    boolean allReady() {
        return instances.stream().allMatch(i -> !i.restarting && i.process.alive() && i.process.ready());
    }

    int restarts() {
        return restarts.get();
    }

    /** A counter summed over every process the soak ran (the last value each was seen with). */
    long counted(String name) {
        long living = instances.stream().mapToLong(i -> i.lastScrape.getOrDefault(name, 0.0).longValue()).sum();
        return counted.get(name).get() + living;
    }

    private void keepScrape(Instance instance) {
        instance.lastScrape.forEach((name, value) -> counted.get(name).addAndGet(value.longValue()));
        instance.lastScrape.clear();
    }

    private void scrapeAll() {
        for (Instance instance : instances) {
            if (!instance.usable()) {
                continue;
            }
            try {
                String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + instance.process.managementPort() + "/q/metrics")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Map<String, Double> sums = new java.util.HashMap<>();
                for (String line : text.split("\n")) {
                    for (String name : COUNTERS) {
                        if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                            sums.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                                    Double::sum);
                        }
                    }
                }
                if (instance.usable()) {
                    instance.lastScrape.putAll(sums);
                }
            } catch (IOException | RuntimeException e) {
                // Killed or frozen between the check and the request: the previous scrape stands.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String[] settingsFor(Instance instance, int start) {
        List<String> all = new ArrayList<>(List.of(settings));
        all.add("-Dquarkus.datasource.reactive.additional-properties.application_name=soak-" + instance.name() + "-"
                + start);
        return all.toArray(String[]::new);
    }

    private static void signal(Instance instance, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(instance.process.pid())).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        background.shutdownNow();
        for (Instance instance : instances) {
            thaw(instance);
            try {
                instance.process.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
