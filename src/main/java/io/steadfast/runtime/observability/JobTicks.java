package io.steadfast.runtime.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;

/**
 * Runs one tick of a periodic job ({@code @Scheduled}): a failing tick is counted
 * ({@code steadfast.jobs.failures.total{job}}) and logged at WARN once per failure streak (DEBUG while it lasts, INFO
 * when the job recovers), and never fails the scheduler's call, so the job simply runs again on the next tick. A
 * database away for an hour is one warning, not one a second.
 */
@ApplicationScoped
public class JobTicks {

    private static final Logger LOG = Logger.getLogger(JobTicks.class);

    @Inject
    SteadfastMetrics metrics;

    /** Jobs whose last tick failed, with the number of ticks failed in a row. */
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** Shutting down: the pools close while the scheduler may still fire; a tick then is skipped, not a failure. */
    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public Uni<Void> run(String job, Supplier<Uni<?>> tick) {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(tick).onItemOrFailure().transform((ignored, failure) -> {
            if (stopping) {
                return null;
            }
            if (failure == null) {
                succeeded(job);
            } else {
                failed(job, failure);
            }
            return null;
        });
    }

    private void succeeded(String job) {
        Integer streak = failing.remove(job);
        if (streak != null) {
            LOG.infof("Job %s runs again after %d failed ticks", job, streak);
        }
    }

    private void failed(String job, Throwable failure) {
        metrics.jobFailed(job);
        int streak = failing.merge(job, 1, Integer::sum);
        if (streak == 1) {
            LOG.warnf("Job %s failed (%s); it runs again on its next tick, and this is not logged again until it"
                    + " succeeds", job, failure.toString());
        } else {
            LOG.debugf("Job %s failed again (%d in a row): %s", job, streak, failure);
        }
    }
}
