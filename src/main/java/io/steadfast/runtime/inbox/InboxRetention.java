package io.steadfast.runtime.inbox;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.steadfast.runtime.config.SteadfastConfig;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the inbox bounded: every {@code steadfast.inbox.rotate-interval} asks PostgreSQL to start a new generation
 * when the current one is as old as the retention and to drop the partitions of expired generations
 * ({@code steadfast_inbox_rotate}). Works out the retention at start-up and warns when the configured one is shorter
 * than the span in which a duplicate can still arrive.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);
    private static final String ROTATE = "select steadfast_inbox_rotate(make_interval(secs => $1))";

    @Inject
    SteadfastConfig config;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    private Duration retention;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        Duration minimum = minimum(config.inbox().duplicateHorizon(), config.consumers().values().stream()
                .map(consumer -> consumer.redeliveryMaxDelay().multipliedBy(consumer.attemptBudget())).toList());
        retention = config.inbox().retention().orElse(minimum);
        warning(retention, minimum).ifPresentOrElse(LOG::warn,
                () -> LOG.infof("Inbox retention %s (rows kept between one and two retentions)", retention));
        rotate();
        timer = vertx.setPeriodic(config.inbox().rotateInterval().toMillis(), id -> rotate());
    }

    /** The retention in use. */
    public Duration retention() {
        return retention;
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

    private void rotate() {
        pool.preparedQuery(ROTATE).execute(Tuple.of((double) retention.toSeconds())).subscribe().with(
                rows -> rows.forEach(row -> LOG.infof("Inbox: %s", row.getString(0))),
                failure -> LOG.warnf("Inbox rotation failed (tried again in %s): %s",
                        config.inbox().rotateInterval(), failure.toString()));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
