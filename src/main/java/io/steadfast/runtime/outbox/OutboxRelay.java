package io.steadfast.runtime.outbox;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.config.QuarkusSettings;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.observability.JobTicks;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.testing.CrashPoints;
import io.steadfast.runtime.transport.MessageSender;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Publishes committed outbox rows. Woken in-process after a writing transaction commits ({@link Outbox#withTransaction}),
 * by PostgreSQL {@code NOTIFY} from instances that run no relay, and by a timer for rows written otherwise or while
 * the relay was down; rounds run one at a time per instance and
 * follow each other while full batches come back. Also prunes published rows and keeps the lag metrics.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LAG = "select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)"
            + " from steadfast_outbox where published_at is null";
    private static final String PRUNE = "delete from steadfast_outbox where published_at < now() - make_interval(secs => $1)";

    @Inject
    SteadfastConfig config;
    @Inject
    QuarkusSettings quarkus;
    @Inject
    Pool pool;
    @Inject
    MessageSender sender;
    @Inject
    RelayListener listener;
    @Inject
    SteadfastMetrics metrics;
    @Inject
    Vertx vertx;
    @Inject
    CrashPoints crashPoints;
    @Inject
    JobTicks ticks;

    @Inject
    MessageTracing tracing;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile RelayWorker worker;
    private volatile long pending;
    private volatile double oldestAgeSeconds;
    private PgSubscriber subscriber;

    void start(@Observes StartupEvent event) {
        SteadfastConfig.Outbox settings = config.outbox();
        metrics.outboxLag(() -> pending, () -> oldestAgeSeconds);
        if (!settings.relayEnabled()) {
            return;
        }
        worker = newWorker();
        listen();
        wake();
    }

    /** A relay worker over the same outbox; more than one may run, in this or other instances. */
    RelayWorker newWorker() {
        return new RelayWorker(pool, sender, listener, metrics, config.outbox().batchSize(), crashPoints, tracing);
    }

    /** Unpublished rows, as of the last refresh. */
    public long pending() {
        return pending;
    }

    /** Age of the oldest unpublished row in seconds, as of the last refresh. */
    public double oldestAgeSeconds() {
        return oldestAgeSeconds;
    }

    /**
     * Asks for a round; if one is running, another follows it. {@code false} when this instance runs no relay
     * (disabled, or not started yet).
     */
    public boolean wake() {
        wanted.set(true);
        RelayWorker current = worker;
        if (current == null) {
            return false;
        }
        if (running.compareAndSet(false, true)) {
            runRound();
        }
        return true;
    }

    private void runRound() {
        wanted.set(false);
        worker.round().subscribe().with(
                published -> afterRound(published >= worker.batchSize()),
                failure -> {
                    // Database or broker unreachable: the poll timer tries again.
                    LOG.debugf("Outbox relay round failed: %s", failure);
                    running.set(false);
                });
    }

    private void afterRound(boolean full) {
        if (full || wanted.get()) {
            runRound();
            return;
        }
        running.set(false);
        if (wanted.get() && running.compareAndSet(false, true)) {
            runRound();
        }
    }

    /**
     * Every {@code steadfast.outbox.poll-interval}: a round, should a notification have been missed (or the relay
     * been down), and the lag metrics.
     */
    @Scheduled(identity = "outbox-poll", every = "${steadfast.outbox.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (worker == null) {
            return Uni.createFrom().voidItem(); // relay disabled, or not started yet
        }
        wake();
        return ticks.run("outbox-poll", () -> pool.query(LAG).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            pending = row.getLong(0);
            oldestAgeSeconds = row.getNumeric(1).doubleValue();
        }));
    }

    /** Every {@code steadfast.outbox.prune-interval}: deletes rows published longer ago than the retention. */
    @Scheduled(identity = "outbox-prune", every = "${steadfast.outbox.prune-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        if (worker == null) {
            return Uni.createFrom().voidItem();
        }
        return ticks.run("outbox-prune", () -> pool.preparedQuery(PRUNE)
                .execute(Tuple.of(config.outbox().retention().toSeconds()))
                .invoke(rows -> LOG.debugf("Pruned %d published outbox rows", rows.rowCount())));
    }

    private void listen() {
        QuarkusSettings.Datasource datasource = quarkus.datasource();
        String url = datasource.reactive().url().filter(urls -> !urls.isEmpty()).orElseThrow(
                () -> new IllegalStateException("quarkus.datasource.reactive.url is not set")).get(0).trim();
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        datasource.username().ifPresent(options::setUser);
        datasource.password().ifPresent(options::setPassword);
        // Its connection's metrics apart from the application pool's: under the same name their gauges would be
        // registered twice, and Micrometer warn about it at every start.
        options.setMetricsName("postgresql|steadfast-outbox-listener");
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        subscriber.channel("steadfast_outbox").handler(payload -> wake());
        subscriber.connect().onFailure(failure -> LOG.warnf(
                "Cannot LISTEN for outbox commits (%s); the relay polls every %s", failure,
                config.outbox().pollInterval()));
    }

    @PreDestroy
    void stop() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
