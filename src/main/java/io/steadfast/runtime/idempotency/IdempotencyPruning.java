package io.steadfast.runtime.idempotency;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.steadfast.runtime.config.SteadfastConfig;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/** Deletes expired Idempotency-Key records. */
@ApplicationScoped
public class IdempotencyPruning {

    private static final Logger LOG = Logger.getLogger(IdempotencyPruning.class);

    @Inject
    SteadfastConfig config;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    private long timer = -1;

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.idempotency().pruneInterval().toMillis(), id -> pool
                .query("delete from steadfast_idempotency where expires_at < now()").execute().subscribe().with(
                        rows -> LOG.debugf("Pruned %d expired idempotency keys", rows.rowCount()),
                        failure -> LOG.debugf("Idempotency pruning failed: %s", failure)));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
