package io.steadfast.runtime.inbox;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.observability.JobTicks;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the inbox bounded: every {@code steadfast.inbox.rotate-interval} asks PostgreSQL to start a new generation
 * when the current one is as old as the retention and to drop the partitions of expired generations
 * ({@code steadfast_inbox_rotate}). Works out the retention at start-up and warns when the configured one is shorter
 * than the span in which a duplicate can still arrive. Publishes how many generations are kept and the age of the
 * oldest: more than two retentions and a rotation interval means expired generations are not being dropped.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);
    private static final String ROTATE = "select steadfast_inbox_rotate(make_interval(secs => $1))";
    private static final String GENERATIONS = "select count(*), coalesce(extract(epoch from now() - min(started_at)),"
            + " 0)::bigint from steadfast_inbox_generation";

    @Inject
    SteadfastConfig config;
    @Inject
    Pool pool;
    @Inject
    JobTicks ticks;
    @Inject
    SteadfastMetrics metrics;

    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    private volatile Duration retention;

    void start(@Observes StartupEvent event) {
        Duration minimum = minimum(config.inbox().duplicateHorizon(), config.consumers().values().stream()
                .map(consumer -> consumer.redeliveryMaxDelay().multipliedBy(consumer.attemptBudget())).toList());
        retention = config.inbox().retention().orElse(minimum);
        warning(retention, minimum).ifPresentOrElse(LOG::warn,
                () -> LOG.infof("Inbox retention %s (rows kept between one and two retentions)", retention));
        metrics.inbox(generations::get, oldestAgeSeconds::get);
        rotate().subscribe().with(ignored -> {
        });
    }

    /**
     * The shortest safe retention: the duplicate horizon, or the longest attempt span (a message may be attempted
     * for up to {@code attempt-budget} rounds of {@code redelivery-max-delay}) if that is longer.
     */
    static Duration minimum(Duration duplicateHorizon, Collection<Duration> attemptSpans) {
        return attemptSpans.stream().reduce(duplicateHorizon, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** What to warn about when the retention is shorter than the shortest safe one. */
    static Optional<String> warning(Duration retention, Duration minimum) {
        if (retention.compareTo(minimum) >= 0) {
            return Optional.empty();
        }
        return Optional.of("steadfast.inbox.retention is " + retention + ", shorter than the " + minimum
                + " in which a duplicate can still arrive (steadfast.inbox.duplicate-horizon and the consumers'"
                + " attempt spans): a copy of a message arriving after its inbox row expired is processed again");
    }

    /** Every {@code steadfast.inbox.rotate-interval}, and once at start-up. */
    @Scheduled(identity = "inbox-rotate", every = "${steadfast.inbox.rotate-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotate() {
        if (retention == null) {
            return Uni.createFrom().voidItem(); // before start-up worked the retention out
        }
        return ticks.run("inbox-rotate", () -> pool.preparedQuery(ROTATE).execute(
                Tuple.of((double) retention.toSeconds()))
                .invoke(rows -> rows.forEach(row -> {
                    String action = row.getString(0);
                    LOG.infof("Inbox: %s", action);
                    metrics.inboxRotation(action.substring(0, action.indexOf(' ')));
                }))
                .chain(() -> pool.query(GENERATIONS).execute())
                .invoke(rows -> rows.forEach(row -> {
                    generations.set(row.getLong(0));
                    oldestAgeSeconds.set(row.getLong(1));
                })));
    }
}
