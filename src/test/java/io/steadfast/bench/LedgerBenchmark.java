package io.steadfast.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import io.steadfast.runtime.transport.amqp.TransportOnlyConsumer;
import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.brokers.StandaloneArtemis;

/**
 * The ledger end to end against the machine's own limits. For each concurrency of the sweep, with the same number of
 * the same kind of transfers:
 * <ol>
 * <li>the service (the packaged jar, its consumer at that concurrency) drains a preloaded queue: warmed up first,
 * then the queue is paused, filled, and resumed; its rate is transfers over resume-to-last-commit;</li>
 * <li>then it gets transfers streamed at half that rate, and each one's send-to-commit latency is taken;</li>
 * <li>the broker ceiling: Steadfast's connector drains the same kind of preloaded queue and accepts each message
 * with no database work ({@link TransportOnlyConsumer});</li>
 * <li>the database ceiling: the transfer's SQL driven straight at PostgreSQL at that concurrency, one transfer
 * per transaction, or for a batched point a batch of that size per transaction in set-based statements
 * ({@link DatabaseCeiling}).</li>
 * </ol>
 * Only one contender runs at a time. Commit times are PostgreSQL's {@code now()} of each transfer's transaction
 * (its start; the transactions take milliseconds), send times the producer's clock (the same machine's).
 */
final class LedgerBenchmark {

    /**
     * The benchmark database's statements in {@code pg_stat_statements}, the harness's own left out: its marked
     * statements and the JDBC driver's greeting on each of its connections (the contenders use the reactive client).
     */
    private static final String STATEMENTS_OF_CONTENDER = " where dbid = (select oid from pg_database"
            + " where datname = current_database()) and query not like '" + BenchDatabase.MARK.trim() + "%'"
            + " and query not like 'SET application_name%'";
    /** Transactions committed or rolled back in the benchmark's database so far, by every client. */
    private static final String TRANSACTIONS = "select xact_commit + xact_rollback from pg_stat_database"
            + " where datname = current_database()";

    record Latency(int count, long p50, long p95, long p99, long max) {
    }

    record Point(int concurrency, int batchSize, double meanBatch, double serviceRate, double brokerRate,
            double sendRate, double databaseRate, double halfRate, Latency latency, double cpuCores,
            double cpuMillisPerMessage, double peakRssMib, double postgresMillisPerMessage,
            double ceilingPostgresMillisPerMessage, double transactionsPerMessage, double sameWorkRate,
            double sameWorkPostgresMillisPerMessage, Drained plain, double statementsPerMessage, Frames frames) {

        double ceiling() {
            return Math.min(brokerRate, databaseRate);
        }

        double ratio() {
            return serviceRate / ceiling();
        }
    }

    /** A contender's drain of the preloaded queue: what the service and the plain-Quarkus consumer are measured by. */
    record Drained(double rate, double cpuCores, double cpuMillisPerMessage, double postgresMillisPerMessage,
            double transactionsPerMessage, double statementsPerMessage, Frames frames) {
    }

    /**
     * AMQP frames per transfer on the contender's broker connections, both ways, while it drains (its relay and
     * notifier included): all of them but heartbeats, and the transfers, dispositions and flows among them, each
     * with the part the contender sent.
     */
    record Frames(double all, double transfers, double dispositions, double dispositionsSent, double flows,
            double flowsSent) {

        static Frames between(long[][] before, long[][] after, int messages) {
            double n = messages;
            return new Frames(AmqpFrameCounter.allBetween(before, after) / n,
                    AmqpFrameCounter.between(before, after, "transfer") / n,
                    AmqpFrameCounter.between(before, after, "disposition") / n,
                    AmqpFrameCounter.sentBetween(before, after, "disposition") / n,
                    AmqpFrameCounter.between(before, after, "flow") / n,
                    AmqpFrameCounter.sentBetween(before, after, "flow") / n);
        }
    }

    /** The inbox at the end: its rows (all generations) and their size on disk, indexes included. */
    record Inbox(long rows, long bytes) {

        double mibPerMillionRows() {
            return rows == 0 ? 0 : bytes / 1024.0 / 1024.0 / (rows / 1_000_000.0);
        }
    }

    record Result(BenchSettings settings, Map<String, String> machine, List<Point> points, Inbox inbox,
            long seconds) {
    }

    private static final BenchDatabase DB = new BenchDatabase("steadfast_bench");
    static final String TRANSFERS = "ledger.transfers";
    static final String TRANSPORT = "bench.transport";
    /** The consumer name of the rows {@code bench.inbox-rows} puts into the inbox. */
    static final String FILLER = "bench-filler";
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(3);

    private final BenchSettings settings;
    private final Transfers load;
    private StandaloneArtemis artemis;
    private boolean accountsOpened;
    /** Whether the database has pg_stat_statements loaded (a scratch cluster's, see docs/performance.md). */
    private boolean countsStatements;
    /** The plain-Quarkus contender's jar, or {@code null} when {@code bench.plain=false}. */
    private Path plainJar;

    LedgerBenchmark(BenchSettings settings) {
        this.settings = settings;
        this.load = new Transfers(settings.seed(), settings.accounts());
    }

    Result run() throws Exception {
        long started = System.currentTimeMillis();
        if (Boolean.parseBoolean(System.getProperty("bench.plain", "true"))) {
            log("packaging the plain-Quarkus contender");
            plainJar = PlainQuarkus.jar();
        }
        DB.recreate();
        countsStatements = DB.string("show shared_preload_libraries").contains("pg_stat_statements");
        if (countsStatements) {
            DB.execute("create extension if not exists pg_stat_statements");
            log("pg_stat_statements is loaded: statements per transfer are counted");
        }
        artemis = new StandaloneArtemis();
        try {
            artemis.start();
            artemis.declare(List.of(TRANSPORT));
            List<Point> points = new ArrayList<>();
            for (int concurrency : settings.concurrency()) {
                Point unbatched = null;
                for (int batch : settings.batchSizes()) {
                    if (batch == 1 || batch <= concurrency) {
                        Point point = measure(concurrency, batch, unbatched);
                        unbatched = unbatched == null ? point : unbatched;
                        points.add(point);
                    }
                }
            }
            Inbox inbox = new Inbox(DB.number("select count(*) from steadfast_inbox"), DB.number(
                    "select coalesce(sum(pg_total_relation_size(inhrelid)), 0) from pg_inherits"
                            + " where inhparent = 'steadfast_inbox'::regclass"));
            return new Result(settings, machine(), points, inbox, (System.currentTimeMillis() - started) / 1000);
        } finally {
            artemis.close();
        }
    }

    /**
     * The service at this concurrency and batch size, and the database ceiling for both; the broker's too, unless
     * measured already at this concurrency ({@code known}).
     */
    private Point measure(int concurrency, int batch, Point known) throws Exception {
        log("concurrency %d, batch %d: the service", concurrency, batch);
        AmqpFrameCounter frames = new AmqpFrameCounter(artemis.port());
        ServiceProcess service = new ServiceProcess("bench-service-c" + concurrency + "-b" + batch, DB.name(),
                frames.port());
        if (accountsOpened) {
            reset();
        }
        List<String> options = new ArrayList<>(List.of("-Dsteadfast.broker.kind=artemis",
                "-Dsteadfast.consumers.\"ledger-transfers\".concurrency=" + concurrency,
                "-Dsteadfast.consumers.\"ledger-transfers\".batch.size=" + batch,
                // The notifier consumes one event per transfer: it batches alongside (capped by its concurrency).
                "-Dsteadfast.consumers.\"ledger-notifier\".batch.size=" + batch,
                // Room for the consumer's transactions plus the relay, the notifier and the attempt store.
                "-Dquarkus.datasource.reactive.max-size=" + (concurrency + 16)));
        options.addAll(settings.serviceOptions());
        service.start(options.toArray(String[]::new));
        if (!accountsOpened) {
            PlainQuarkus.TABLES.forEach(DB::execute);
            openAccounts();
            fillInbox();
            accountsOpened = true;
        }
        double serviceRate;
        double cpuCores;
        double cpuPerMessage;
        double halfRate;
        Latency latency;
        double rss;
        double meanBatch;
        double postgresPerMessage;
        double transactionsPerMessage;
        double statementsPerMessage;
        Frames framesPerMessage;
        try (frames; BenchProducer producer = new BenchProducer(artemis.port(), TRANSFERS)) {
            double[][] batchesBefore = new double[1][];
            Drained drained = drain("service-c" + concurrency + "-b" + batch, producer, service.pid(), frames,
                    () -> batchesBefore[0] = batchTotals(service));
            serviceRate = drained.rate();
            cpuCores = drained.cpuCores();
            cpuPerMessage = drained.cpuMillisPerMessage();
            postgresPerMessage = drained.postgresMillisPerMessage();
            transactionsPerMessage = drained.transactionsPerMessage();
            statementsPerMessage = drained.statementsPerMessage();
            framesPerMessage = drained.frames();
            double[] batchesAfter = batchTotals(service);
            double batches = batchesAfter[0] - batchesBefore[0][0];
            meanBatch = batches > 0 ? (batchesAfter[1] - batchesBefore[0][1]) / batches : 1;

            halfRate = serviceRate * settings.latencyLoad();
            log("concurrency %d: %.0f transfers/s; latency at %.0f/s", concurrency, serviceRate, halfRate);
            latency = latencyAt(producer, halfRate, settings.warmUp() + settings.messages());
            rss = ProcessStats.peakRssMib(service.pid());
        } finally {
            service.stop();
        }

        Drained plain = null;
        if (plainJar != null) {
            plain = known != null ? known.plain() : measurePlain(concurrency);
        }

        double brokerRate;
        double sendRate;
        if (known != null) {
            brokerRate = known.brokerRate();
            sendRate = known.sendRate();
        } else {
            log("concurrency %d: the broker ceiling", concurrency);
            double[] broker = brokerCeiling(concurrency);
            brokerRate = broker[0];
            sendRate = broker[1];
        }
        // Measured for each batch size: a batch of transfers per transaction is another ceiling than one.
        log("concurrency %d, batch %d: the database ceiling", concurrency, batch);
        reset();
        DatabaseCeiling.run(TestDatabase.HOST, TestDatabase.PORT, DB.name(), TestDatabase.USER, concurrency, batch,
                load.next(settings.warmUp()));
        DatabaseCeiling.Run ceiling = DatabaseCeiling.run(TestDatabase.HOST, TestDatabase.PORT, DB.name(),
                TestDatabase.USER, concurrency, batch, load.next(settings.messages()));
        long millis = ceiling.millis();
        double ceilingPostgresPerMessage = ceiling.postgresCpuSeconds() * 1000.0 / settings.messages();
        double databaseRate = settings.messages() * 1000.0 / Math.max(1, millis);
        log("concurrency %d, batch %d: the same-work ceiling", concurrency, batch);
        reset();
        DatabaseCeiling.runSameWork(TestDatabase.HOST, TestDatabase.PORT, DB.name(), TestDatabase.USER, concurrency,
                batch, load.next(settings.warmUp()));
        DatabaseCeiling.Run sameWork = DatabaseCeiling.runSameWork(TestDatabase.HOST, TestDatabase.PORT, DB.name(),
                TestDatabase.USER, concurrency, batch, load.next(settings.messages()));
        double sameWorkRate = settings.messages() * 1000.0 / Math.max(1, sameWork.millis());
        double sameWorkPostgresPerMessage = sameWork.postgresCpuSeconds() * 1000.0 / settings.messages();
        Point point = new Point(concurrency, batch, meanBatch, serviceRate, brokerRate, sendRate, databaseRate,
                halfRate, latency, cpuCores, cpuPerMessage, rss, postgresPerMessage, ceilingPostgresPerMessage,
                transactionsPerMessage, sameWorkRate, sameWorkPostgresPerMessage, plain, statementsPerMessage,
                framesPerMessage);
        log("concurrency %d, batch %d: service %.0f/s, broker %.0f/s, database %.0f/s, same work %.0f/s, ratio %.2f,"
                + " p99 %d ms", concurrency, batch, serviceRate, brokerRate, databaseRate, sameWorkRate, point.ratio(),
                latency.p99());
        return point;
    }

    /**
     * Warms the contender up, preloads the paused queue, resumes it and measures the drain: transfers committed per
     * second (resume to last commit), the contender's and PostgreSQL's CPU per transfer, and PostgreSQL's
     * transactions per transfer once the relay and the notifier are done too (and its statements per transfer, where
     * pg_stat_statements is loaded), and the AMQP frames per transfer crossing {@code frames}. {@code beforeResume}
     * runs with the queue preloaded, just before it is resumed.
     */
    private Drained drain(String label, BenchProducer producer, long pid, AmqpFrameCounter frames,
            Runnable beforeResume) {
        producer.sendAll(load.next(settings.warmUp()));
        awaitTransfers(settings.warmUp());
        awaitQuiet();

        artemis.pause(TRANSFERS);
        producer.sendAll(load.next(settings.messages()));
        producer.flush();
        beforeResume.run();
        if (countsStatements) {
            DB.execute("select pg_stat_statements_reset()");
        }
        double cpuBefore = ProcessStats.cpuSeconds(pid);
        Map<Long, Long> postgresBefore = ProcessStats.postgresTicks();
        long transactionsBefore = DB.number(TRANSACTIONS);
        long[][] framesBefore = frames.snapshot();
        long resumedAt = System.currentTimeMillis();
        artemis.resume(TRANSFERS);
        awaitTransfers(settings.warmUp() + settings.messages());
        long drainedAt = System.currentTimeMillis();
        double cpu = ProcessStats.cpuSeconds(pid) - cpuBefore;
        double postgresPerMessage = ProcessStats.postgresCpuSecondsSince(postgresBefore) * 1000.0
                / settings.messages();
        long lastCommit = DB.number(
                "select (extract(epoch from max(created_at)) * 1000)::bigint from ledger_transfer");
        double rate = settings.messages() * 1000.0 / Math.max(1, lastCommit - resumedAt);
        awaitQuiet();
        Frames framesPerMessage = Frames.between(framesBefore, frames.snapshot(), settings.messages());
        // After the relay and the notifier are done too. Backends report their counts within about a second of
        // going idle, so a few of the window's last transactions may be missing: a small share of thousands.
        double transactionsPerMessage = (DB.number(TRANSACTIONS) - transactionsBefore) / (double) settings.messages();
        double statementsPerMessage = Double.NaN;
        if (countsStatements) {
            statementsPerMessage = DB.number("select coalesce(sum(calls), 0) from pg_stat_statements"
                    + STATEMENTS_OF_CONTENDER) / (double) settings.messages();
            writeStatements(label);
        }
        return new Drained(rate, cpu / ((drainedAt - resumedAt) / 1000.0), cpu * 1000.0 / settings.messages(),
                postgresPerMessage, transactionsPerMessage, statementsPerMessage, framesPerMessage);
    }

    /** The contender's statements of the last drain, most called first, per transfer: where its round trips go. */
    private void writeStatements(String label) {
        StringBuilder text = new StringBuilder("calls per transfer, mean ms, statement (" + label + ")\n");
        try (Connection connection = DB.connect(); PreparedStatement statement = connection.prepareStatement(
                BenchDatabase.MARK + "select calls, mean_exec_time, regexp_replace(query, '\\s+', ' ', 'g')"
                        + " from pg_stat_statements" + STATEMENTS_OF_CONTENDER + " order by calls desc");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                text.append(String.format(Locale.ROOT, "%8.2f %8.3f  %s%n", rows.getLong(1)
                        / (double) settings.messages(), rows.getDouble(2), rows.getString(3)));
            }
            Files.createDirectories(settings.output());
            Files.writeString(settings.output().resolve("statements-" + label + ".txt"), text);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The plain-Quarkus contender ({@link PlainQuarkus}) on the same queue and database, its transfer consumer at the
     * same concurrency (SmallRye's {@code concurrency} attribute), its notifier at Steadfast's notifier's (16), the
     * same pool size; fresh connections after the tables are reset.
     */
    private Drained measurePlain(int concurrency) throws Exception {
        log("concurrency %d: the plain-Quarkus contender", concurrency);
        reset();
        AmqpFrameCounter frames = new AmqpFrameCounter(artemis.port());
        ServiceProcess plain = new ServiceProcess("bench-plain-c" + concurrency, DB.name(), frames.port())
                .withJar(plainJar.toString());
        try (frames; BenchProducer producer = new BenchProducer(artemis.port(), TRANSFERS)) {
            // No health endpoint: the warm-up's transfers committing is its readiness.
            plain.launch("-Dmp.messaging.incoming.transfers.concurrency=" + concurrency,
                    "-Dmp.messaging.incoming.events.concurrency=16",
                    "-Dquarkus.datasource.reactive.max-size=" + (concurrency + 16));
            Drained drained = drain("plain-c" + concurrency, producer, plain.pid(), frames, () -> { });
            log("concurrency %d: plain Quarkus %.0f transfers/s", concurrency, drained.rate());
            return drained;
        } finally {
            plain.stop();
        }
    }

    /** The transfer consumer's batch transactions so far and the deliveries they carried: {count, sum}. */
    private static double[] batchTotals(ServiceProcess service) {
        return new double[] { service.metric("steadfast_batch_size_count{channel=\"ledger-transfers\"}"),
                service.metric("steadfast_batch_size_sum{channel=\"ledger-transfers\"}") };
    }

    /** Streams transfers at {@code rate} for the configured time and returns their send-to-commit latencies. */
    private Latency latencyAt(BenchProducer producer, double rate, int committedBefore) {
        int count = Math.max(1, (int) (rate * settings.latencySeconds()));
        List<Transfers.Transfer> transfers = load.next(count);
        Map<UUID, Long> sentAt = new HashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            // The load generator's pacing: the i-th send is due at start + i / rate.
            long due = start + (long) (i * 1_000_000_000L / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Transfers.Transfer transfer = transfers.get(i);
            sentAt.put(transfer.id(), System.currentTimeMillis());
            producer.send(transfer);
        }
        producer.flush();
        awaitTransfers(committedBefore + count);
        List<Long> latencies = new ArrayList<>(count);
        forEachCommit((id, committedAt) -> {
            Long sent = sentAt.get(id);
            if (sent != null) {
                latencies.add(Math.max(0, committedAt - sent));
            }
        });
        if (latencies.size() != count) {
            throw new IllegalStateException("Expected " + count + " streamed transfers, found " + latencies.size());
        }
        Collections.sort(latencies);
        return new Latency(count, percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
    }

    /** The connector's drain rate, and the producer's durable send rate while preloading. */
    private double[] brokerCeiling(int concurrency) {
        try (BenchProducer producer = new BenchProducer(artemis.port(), TRANSPORT);
                TransportOnlyConsumer consumer = new TransportOnlyConsumer(artemis.port(), TRANSPORT, concurrency)) {
            producer.sendAll(load.next(settings.warmUp()));
            producer.flush();
            await().atMost(DRAIN_LIMIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> consumer.accepted() == settings.warmUp());
            artemis.pause(TRANSPORT);
            long sendStart = System.currentTimeMillis();
            producer.sendAll(load.next(settings.messages()));
            producer.flush();
            double sendRate = settings.messages() * 1000.0 / Math.max(1, System.currentTimeMillis() - sendStart);
            long resumedAt = System.currentTimeMillis();
            artemis.resume(TRANSPORT);
            await().atMost(DRAIN_LIMIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> consumer.accepted() == settings.warmUp() + settings.messages());
            double rate = settings.messages() * 1000.0 / Math.max(1, consumer.lastAcceptedAt() - resumedAt);
            await().atMost(Duration.ofMinutes(1)).until(() -> artemis.depth(TRANSPORT) == 0);
            return new double[] {rate, sendRate};
        }
    }


    private void awaitTransfers(long count) {
        await().atMost(DRAIN_LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> DB.number("select count(*) from ledger_transfer") >= count);
        long found = DB.number("select count(*) from ledger_transfer");
        if (found != count) {
            throw new IllegalStateException("Expected " + count + " transfers, found " + found);
        }
    }

    /** Waits until the relay and the notifier have caught up, so that they do not run into the next phase. */
    private void awaitQuiet() {
        await().atMost(DRAIN_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> DB.number("select count(*) from steadfast_outbox where published_at is null") == 0
                        // Every transfer notified; notifications of an earlier point's last events may add to them.
                        && DB.number("select count(*) from ledger_transfer t left join ledger_notification n"
                                + " using (transfer_id) where n.status is distinct from 'DONE'") == 0);
    }

    private void openAccounts() {
        DB.execute("insert into ledger_account (id, currency, opening_balance, balance) select 'acc-' || i, 'EUR', "
                + Transfers.OPENING_BALANCE + ", " + Transfers.OPENING_BALANCE + " from generate_series(0, "
                + (settings.accounts() - 1) + ") i");
    }

    /** Rows of another consumer in the current inbox generation, as a long-running service would have. */
    private void fillInbox() {
        if (settings.inboxRows() <= 0) {
            return;
        }
        log("putting %,d rows into the inbox", settings.inboxRows());
        DB.execute("insert into steadfast_inbox (consumer, message_id, generation) select '" + FILLER + "',"
                + " 'filler-' || i, (select max(generation) from steadfast_inbox_generation)"
                + " from generate_series(1, " + settings.inboxRows() + ") i");
    }

    /**
     * Every row the previous contender wrote gone (the inbox's filler stays), balances back to their opening,
     * statistics fresh, a checkpoint written.
     */
    private void reset() {
        DB.execute("truncate ledger_entry, ledger_notification, ledger_transfer, steadfast_outbox, steadfast_attempt,"
                + " steadfast_dead_letter");
        DB.execute("delete from steadfast_inbox where consumer in ('ledger-transfers', 'ledger-notifier')");
        DB.execute(PlainQuarkus.TRUNCATE);
        DB.execute("update ledger_account set balance = opening_balance");
        DB.execute("vacuum analyze");
        DB.execute("checkpoint");
    }

    private Map<String, String> machine() {
        Map<String, String> machine = new java.util.LinkedHashMap<>();
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", memory());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("postgresql", DB.string("show server_version"));
        machine.put("artemis", java.nio.file.Path.of(System.getProperty("artemis.distribution", "unknown"))
                .getFileName().toString().replace("apache-artemis-", ""));
        machine.put("date", java.time.LocalDate.now().toString());
        return machine;
    }

    private static String memory() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB";
                }
            }
        } catch (IOException e) {
            // Not Linux: leave it out.
        }
        return "unknown";
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private interface CommitVisitor {
        void visit(UUID transferId, long committedAt);
    }

    private void forEachCommit(CommitVisitor visitor) {
        try (Connection connection = DB.connect(); PreparedStatement statement = connection.prepareStatement(
                "select transfer_id, (extract(epoch from created_at) * 1000)::bigint from ledger_transfer");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                visitor.visit(rows.getObject(1, UUID.class), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void log(String format, Object... arguments) {
        System.out.printf("[bench] " + format + "%n", arguments);
    }
}
