package io.steadfast.runtime.saga;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.observability.JobTicks;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.context.Contexts;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Fires due saga deadlines. Every {@code steadfast.sagas.deadline-poll-interval} it reads the deadlines that are due
 * and fires each in its own transaction; the transaction deletes the deadline's row, so each fires once across
 * instances and restarts. Deadlines of a saga in NEEDS_ATTENTION wait for the operator. A deadline that fails (a
 * version conflict, the database gone) stays and is tried again at the next poll. Every 5 s it also counts the
 * sagas not completed, by type and status, for the {@code steadfast.sagas.open} gauge.
 */
@ApplicationScoped
public class SagaDeadlines {

    private static final Logger LOG = Logger.getLogger(SagaDeadlines.class);
    // A saga waiting for an operator keeps its deadlines unfired until the operator acts.
    private static final String DUE = "select d.saga_id, d.name from steadfast_saga_deadline d"
            + " join steadfast_saga s on s.id = d.saga_id and s.status = 'RUNNING'"
            + " where d.due_at <= now() order by d.due_at limit $1";

    @Inject
    Outbox outbox;

    @Inject
    SteadfastConfig config;
    @Inject
    Sagas sagas;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    Instance<SagaDefinition<?>> definitions;
    @Inject
    SteadfastMetrics metrics;
    @Inject
    JobTicks ticks;

    private static final String OPEN = "select type, status, count(*) from steadfast_saga where status <> 'COMPLETED'"
            + " group by type, status";
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();

    private volatile boolean started;

    void start(@Observes StartupEvent event) {
        if (!config.sagas().enabled()) {
            return;
        }
        for (SagaDefinition<?> definition : definitions) {
            for (SagaStatus status : List.of(SagaStatus.RUNNING, SagaStatus.NEEDS_ATTENTION)) {
                AtomicLong count = new AtomicLong();
                open.put(definition.type() + "/" + status, count);
                metrics.sagasOpen(definition.type(), status.name(), count::get);
            }
        }
        started = true;
    }

    /** Refreshes {@code steadfast.sagas.open}: sagas still running, and those waiting for an operator. */
    @Scheduled(identity = "saga-count", every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return ticks.run("saga-count", () -> pool.query(OPEN).execute().invoke(rows -> {
            Map<String, Long> counted = new HashMap<>();
            rows.forEach(row -> counted.put(row.getString(0) + "/" + row.getString(1), row.getLong(2)));
            open.forEach((key, count) -> count.set(counted.getOrDefault(key, 0L)));
        }));
    }

    /** Every {@code steadfast.sagas.deadline-poll-interval}: fires the due deadlines, each in its own transaction. */
    @Scheduled(identity = "saga-deadlines", every = "${steadfast.sagas.deadline-poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return ticks.run("saga-deadlines", () -> pool.preparedQuery(DUE).execute(Tuple.of(config.sagas()
                .deadlineBatch()))
                .map(rows -> {
                    List<Row> due = new ArrayList<>();
                    rows.forEach(due::add);
                    return due;
                })
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem().transformToUniAndConcatenate(row -> fire(row.getUUID("saga_id"), row.getString("name")))
                .collect().last());
    }

    private Uni<Boolean> fire(UUID sagaId, String name) {
        return Contexts.on(Contexts.newDeliveryContext(vertx),
                () -> outbox.withTransaction(() -> sagas.fire(sagaId, name)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Deadline %s of saga %s not fired yet: %s", name, sagaId, failure);
                    return false;
                });
    }
}
