package io.steadfast.runtime.outbox;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.steadfast.runtime.config.SteadfastConfig;
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
 * Publishes committed outbox rows. Woken by PostgreSQL {@code NOTIFY} when a writing transaction commits, and by a
 * timer should a notification be missed (or the relay have been down); rounds run one at a time per instance and
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
    MessageTracing tracing;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile RelayWorker worker;
    private volatile long pending;
    private volatile double oldestAgeSeconds;
    private long pollTimer = -1;
    private long pruneTimer = -1;
    private PgSubscriber subscriber;

    void start(@Observes StartupEvent event) {
        SteadfastConfig.Outbox settings = config.outbox();
        metrics.outboxLag(() -> pending, () -> oldestAgeSeconds);
        if (!settings.relayEnabled()) {
            return;
        }
        worker = newWorker();
        pollTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> {
            wake();
            refreshLag();
        });
        pruneTimer = vertx.setPeriodic(settings.pruneInterval().toMillis(), id -> prune());
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

    /** Asks for a round; if one is running, another follows it. */
    public void wake() {
        wanted.set(true);
        if (worker != null && running.compareAndSet(false, true)) {
            runRound();
        }
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

    private void refreshLag() {
        pool.query(LAG).execute().subscribe().with(rows -> {
            Row row = rows.iterator().next();
            pending = row.getLong(0);
            oldestAgeSeconds = row.getNumeric(1).doubleValue();
        }, failure -> LOG.debugf("Outbox lag query failed: %s", failure));
    }

    private void prune() {
        pool.preparedQuery(PRUNE).execute(Tuple.of(config.outbox().retention().toSeconds())).subscribe().with(
                rows -> LOG.debugf("Pruned %d published outbox rows", rows.rowCount()),
                failure -> LOG.debugf("Outbox pruning failed: %s", failure));
    }

    private void listen() {
        Config mp = ConfigProvider.getConfig();
        String url = mp.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0].trim();
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        mp.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        mp.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
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
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
