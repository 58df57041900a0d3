package io.steadfast.runtime.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.observability.JobTicks;
import io.vertx.mutiny.sqlclient.Pool;

/** Deletes expired Idempotency-Key records, every {@code steadfast.idempotency.prune-interval}. */
@ApplicationScoped
public class IdempotencyPruning {

    private static final Logger LOG = Logger.getLogger(IdempotencyPruning.class);

    @Inject
    Pool pool;
    @Inject
    JobTicks ticks;

    @Scheduled(identity = "idempotency-prune", every = "${steadfast.idempotency.prune-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return ticks.run("idempotency-prune", () -> pool.query("delete from steadfast_idempotency where expires_at"
                + " < now()").execute().invoke(rows -> LOG.debugf("Pruned %d expired idempotency keys",
                        rows.rowCount())));
    }
}
