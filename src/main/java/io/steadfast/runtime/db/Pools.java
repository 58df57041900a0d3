package io.steadfast.runtime.db;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * Creates the application's PostgreSQL pool from the options Quarkus derives from {@code quarkus.datasource.*}
 * (as Quarkus would), and from the same options a small second pool whose commits do not wait for the WAL flush
 * ({@code synchronous_commit = off}): for bookkeeping that is cheap to lose in a database crash and costly to flush
 * once per message. Such a commit is visible at once and durable within PostgreSQL's {@code wal_writer_delay};
 * only a crash of PostgreSQL itself can lose it.
 */
@ApplicationScoped
public class Pools implements PgPoolCreator {

    private static final int ASYNC_COMMIT_POOL_SIZE = 4;
    /** Quarkus's form, {@code <prefix>|<client name>}: its metrics are tagged {@code clientName=steadfast-async-commit}. */
    static final String ASYNC_COMMIT_METRICS_NAME = "postgresql|steadfast-async-commit";

    private volatile Vertx vertx;
    private volatile List<PgConnectOptions> options;
    private volatile Pool asyncCommit;

    @Override
    public Pool create(Input input) {
        this.vertx = input.vertx();
        this.options = input.pgConnectOptionsList();
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(List.<SqlConnectOptions>copyOf(options))
                .using(input.vertx()).build();
    }

    /**
     * The asynchronous-commit pool; call after the application pool exists (inject it first). Every statement run on
     * it commits on its own (or in the transaction it opens) without waiting for the flush.
     */
    public synchronized io.vertx.mutiny.sqlclient.Pool asyncCommit() {
        if (asyncCommit == null) {
            if (options == null) {
                throw new IllegalStateException("The application's PostgreSQL pool has not been created yet");
            }
            // A metrics name of its own: under the application pool's, its gauges would be registered twice (and
            // Micrometer warn about it), and its queue would be counted as the application pool's.
            List<SqlConnectOptions> unflushed = options.stream().<SqlConnectOptions>map(o -> {
                PgConnectOptions copy = new PgConnectOptions(o).setProperties(withAsyncCommit(o.getProperties()));
                copy.setMetricsName(ASYNC_COMMIT_METRICS_NAME);
                return copy;
            }).toList();
            asyncCommit = PgBuilder.pool().with(new PoolOptions().setMaxSize(ASYNC_COMMIT_POOL_SIZE))
                    .connectingTo(unflushed).using(vertx).build();
        }
        return io.vertx.mutiny.sqlclient.Pool.newInstance(asyncCommit);
    }

    @PreDestroy
    synchronized void close() {
        if (asyncCommit != null) {
            asyncCommit.close();
        }
    }

    private static Map<String, String> withAsyncCommit(Map<String, String> properties) {
        Map<String, String> copy = new HashMap<>(properties == null ? Map.of() : properties);
        copy.put("synchronous_commit", "off");
        return copy;
    }
}
