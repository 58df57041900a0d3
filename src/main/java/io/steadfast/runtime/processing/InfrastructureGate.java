package io.steadfast.runtime.processing;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.recoverability.Backoff;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The circuit between the consumers and the database. Tripped by an attempt that failed for infrastructure
 * reasons: it pauses every consumer channel (deliveries in flight are handed back), probes the database with
 * backoff, and resumes the channels once a probe succeeds. While it is open nothing counts toward any attempt
 * budget and nothing is dead-lettered.
 */
@ApplicationScoped
public class InfrastructureGate {

    private static final Logger LOG = Logger.getLogger(InfrastructureGate.class);

    @Inject
    ChannelRegistry channels;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    SteadfastConfig config;

    private final Set<String> consumerChannels = new CopyOnWriteArraySet<>();
    private final AtomicBoolean open = new AtomicBoolean();
    private volatile Backoff backoff;

    void register(String channel) {
        consumerChannels.add(channel);
    }

    /** {@code true} while the database is considered unreachable and the consumers are paused. */
    public boolean isOpen() {
        return open.get();
    }

    /** Opens the circuit (once, however many attempts report the outage) and starts probing. */
    public void trip(Throwable cause) {
        if (!open.compareAndSet(false, true)) {
            return;
        }
        LOG.warnf("Database unreachable (%s); pausing consumers %s until it answers", cause, consumerChannels);
        consumerChannels.forEach(channel -> pausable(channel).pause());
        probe(0);
    }

    private void probe(int failures) {
        Duration wait = backoff().delay(failures);
        vertx.setTimer(Math.max(1, wait.toMillis()), ignored -> pool.query("select 1").execute().subscribe().with(
                rows -> close(),
                failure -> {
                    LOG.debugf("Database probe %d failed: %s", failures + 1, failure);
                    probe(failures + 1);
                }));
    }

    private void close() {
        if (open.compareAndSet(true, false)) {
            LOG.infof("Database reachable again; resuming consumers %s", consumerChannels);
            consumerChannels.forEach(channel -> pausable(channel).resume());
        }
    }

    private Backoff backoff() {
        if (backoff == null) {
            SteadfastConfig.Infrastructure settings = config.infrastructure();
            backoff = new Backoff(settings.probeInitialDelay(), settings.probeMaxDelay(), 0.2,
                    () -> ThreadLocalRandom.current().nextDouble());
        }
        return backoff;
    }

    private PausableChannel pausable(String channel) {
        PausableChannel pausable = channels.getPausable(channel);
        if (pausable == null) {
            throw new IllegalStateException("Channel " + channel + " is not pausable: set mp.messaging.incoming."
                    + channel + ".pausable=true");
        }
        return pausable;
    }
}
