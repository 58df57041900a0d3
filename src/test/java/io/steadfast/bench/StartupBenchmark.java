package io.steadfast.bench;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.brokers.StandaloneArtemis;

/**
 * Time to ready of the packaged service on the JVM, plain and with the JVM's start-up caches: AppCDS (JDK 17,
 * a dynamic archive written at the end of a training run) and the AOT cache (JDK 25, JEP 483/514/515, written at the
 * end of a training run). A training run starts the service, has it apply 200 transfers and stops it gracefully, or
 * (start-only) starts it with nothing to connect to and lets it exit.
 * Each measured start has a transfer waiting on the queue: "first message" is the time from launching the JVM to
 * that transfer's commit; "ready" the time to the first 200 from {@code /q/health/ready}; RSS is taken then.
 */
final class StartupBenchmark {

    /**
     * A way to start the service: which JVM and build, and its options for the training run and for measured runs.
     * A start-only training run starts the service with {@code steadfast.training-run} and nothing to connect to,
     * as a container image build would; the other kind applies 200 transfers first.
     */
    record Variant(String name, String java, String jar, Function<Path, List<String>> training,
            Function<Path, List<String>> measured, boolean startOnly) {

        Variant(String name, String java, String jar, Function<Path, List<String>> training,
                Function<Path, List<String>> measured) {
            this(name, java, jar, training, measured, false);
        }

        boolean trained() {
            return training != null;
        }
    }

    record Start(long readyMillis, long firstMessageMillis, long quarkusMillis, double rssMib) {
    }

    record Measured(Variant variant, List<Start> starts, long cacheBytes) {

        Start median() {
            List<Start> byReady = new ArrayList<>(starts);
            byReady.sort(Comparator.comparingLong(Start::firstMessageMillis));
            return byReady.get(byReady.size() / 2);
        }
    }

    private static final BenchDatabase DB = new BenchDatabase("steadfast_bench_startup");
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final int repeats;
    private final Path output;
    private final Transfers load = new Transfers(1, 2);
    private StandaloneArtemis artemis;
    private int services;

    StartupBenchmark(int repeats, Path output) {
        this.repeats = repeats;
        this.output = output;
    }

    List<Measured> run(List<Variant> variants) throws Exception {
        Files.createDirectories(output);
        DB.recreate();
        artemis = new StandaloneArtemis();
        try {
            artemis.start();
            ServiceProcess setup = service(variants.get(0));
            setup.start(options(List.of()));
            DB.execute("insert into ledger_account (id, currency, opening_balance, balance) values"
                    + " ('" + Transfers.account(0) + "', 'EUR', " + Transfers.OPENING_BALANCE + ", "
                    + Transfers.OPENING_BALANCE + "), ('" + Transfers.account(1) + "', 'EUR', "
                    + Transfers.OPENING_BALANCE + ", " + Transfers.OPENING_BALANCE + ")");
            setup.stop();
            List<Measured> results = new ArrayList<>();
            for (Variant variant : variants) {
                results.add(measure(variant));
            }
            return results;
        } finally {
            artemis.close();
        }
    }

    private Measured measure(Variant variant) throws Exception {
        Path cache = output.resolve(variant.name().replaceAll("\\W+", "-") + ".cache").toAbsolutePath();
        Files.deleteIfExists(cache);
        if (variant.trained() && variant.startOnly()) {
            log("%s: start-only training run, no database or broker", variant.name());
            ServiceProcess training = service(variant);
            List<String> alone = new ArrayList<>(variant.training().apply(cache));
            alone.addAll(List.of("-Dsteadfast.training-run=true", "-Dquarkus.flyway.migrate-at-start=false",
                    "-Dsteadfast.broker.declare-queues=false", "-Damqp-port=1",
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/none",
                    "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:1/none"));
            training.launch(options(alone));
            if (training.awaitExit() != 0) {
                throw new IllegalStateException("The training run failed; see " + training.log());
            }
        } else if (variant.trained()) {
            log("%s: training run", variant.name());
            ServiceProcess training = service(variant);
            training.start(options(variant.training().apply(cache)));
            long before = transfers();
            send(200);
            await().atMost(Duration.ofMinutes(2)).until(() -> transfers() >= before + 200);
            training.stop();
            if (!Files.exists(cache)) {
                throw new IllegalStateException("The training run wrote no cache at " + cache + "; see "
                        + training.log());
            }
        }
        List<Start> starts = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long before = transfers();
            send(1);
            ServiceProcess service = service(variant);
            service.launch(options(variant.measured().apply(cache)));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(service::ready);
            long readyAt = System.currentTimeMillis();
            double rss = ProcessStats.rssMib(service.pid());
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> transfers() > before);
            long committedAt = DB.number("select (extract(epoch from max(created_at)) * 1000)::bigint"
                    + " from ledger_transfer");
            service.stop();
            Start start = new Start(readyAt - service.launchedAt(), committedAt - service.launchedAt(),
                    quarkusStartMillis(service.log()), rss);
            log("%s: ready %d ms, first message %d ms, Quarkus says %d ms, RSS %.0f MiB", variant.name(),
                    start.readyMillis(), start.firstMessageMillis(), start.quarkusMillis(), start.rssMib());
            starts.add(start);
        }
        return new Measured(variant, starts, Files.exists(cache) ? Files.size(cache) : 0);
    }

    private ServiceProcess service(Variant variant) {
        ServiceProcess service = new ServiceProcess("startup-" + (++services), DB.name(), artemis.port())
                .withJava(variant.java());
        if (variant.jar() != null) {
            service.withJar(variant.jar());
        }
        return service;
    }

    private static String[] options(List<String> extra) {
        List<String> all = new ArrayList<>(List.of("-Dsteadfast.broker.kind=artemis"));
        all.addAll(extra);
        return all.toArray(String[]::new);
    }

    private void send(int count) {
        try (BenchProducer producer = new BenchProducer(artemis.port(), LedgerBenchmark.TRANSFERS)) {
            producer.sendAll(load.next(count));
            producer.flush();
        }
    }

    private static long quarkusStartMillis(File log) {
        try {
            Matcher matcher = STARTED.matcher(Files.readString(log.toPath()));
            return matcher.find() ? Math.round(Double.parseDouble(matcher.group(1)) * 1000) : -1;
        } catch (IOException e) {
            return -1;
        }
    }


    private static long transfers() {
        return DB.number("select count(*) from ledger_transfer");
    }

    static String markdown(List<Measured> results, int repeats) {
        StringBuilder text = new StringBuilder("# Steadfast start-up\n\n");
        text.append(String.format(Locale.ROOT, "Median of %d starts each (by time to first message), %d cores.%n%n",
                repeats, Runtime.getRuntime().availableProcessors()));
        text.append("| variant | first message ms | ready ms | Quarkus \"started in\" ms | RSS at ready MiB"
                + " | cache MiB | every start: first message ms |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (Measured measured : results) {
            Start median = measured.median();
            text.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.0f | %s |%n",
                    measured.variant().name(), median.firstMessageMillis(), median.readyMillis(),
                    median.quarkusMillis(), median.rssMib(), measured.cacheBytes() / 1024.0 / 1024.0,
                    measured.starts().stream().map(s -> String.valueOf(s.firstMessageMillis())).toList()));
        }
        return text.toString();
    }

    private static void log(String format, Object... arguments) {
        System.out.printf("[startup] " + format + "%n", arguments);
    }
}
