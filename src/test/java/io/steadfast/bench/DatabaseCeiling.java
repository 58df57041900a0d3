package io.steadfast.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The benchmark's database ceiling: what one transfer must cost PostgreSQL, driven straight at it with the reactive
 * client (as the service uses it) and no broker: in one transaction, the inbox claim (the service's own, through
 * {@code steadfast_inbox_claim_generation}), the transfer row (the ledger entries reference it), the two balance
 * updates in account order (so concurrent transfers never deadlock) and the two ledger entries. {@code concurrency}
 * connections each run their share of the transfers one transaction after another.
 */
final class DatabaseCeiling {

    private static final String INBOX = "insert into steadfast_inbox (consumer, message_id, generation)"
            + " select $1, $2, generation from steadfast_inbox_claim_generation($1, $2) generation"
            + " on conflict do nothing";
    private static final String TRANSFER = "insert into ledger_transfer"
            + " (transfer_id, from_account, to_account, amount, currency, status)"
            + " values ($1, $2, $3, $4, 'EUR', 'APPLIED')";
    private static final String BALANCE = "update ledger_account set balance = balance + $2 where id = $1";
    private static final String ENTRY = "insert into ledger_entry (transfer_id, account_id, amount)"
            + " values ($1, $2, $3)";

    private DatabaseCeiling() {
    }

    /** Runs the transfers and returns the wall-clock milliseconds they took. */
    static long run(String host, int port, String database, String user, int concurrency,
            List<Transfers.Transfer> transfers) {
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(concurrency))
                .connectingTo(new PgConnectOptions().setHost(host).setPort(port).setDatabase(database)
                        .setUser(user).setCachePreparedStatements(true))
                .using(vertx).build();
        try {
            AtomicInteger next = new AtomicInteger();
            long start = System.currentTimeMillis();
            CompletableFuture<?>[] workers = new CompletableFuture<?>[concurrency];
            for (int i = 0; i < concurrency; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                work(pool, transfers, next, done);
                workers[i] = done;
            }
            CompletableFuture.allOf(workers).get(30, TimeUnit.MINUTES);
            return System.currentTimeMillis() - start;
        } catch (Exception e) {
            throw new IllegalStateException("The database ceiling's transactions failed", e);
        } finally {
            pool.close();
            vertx.close();
        }
    }

    private static void work(Pool pool, List<Transfers.Transfer> transfers, AtomicInteger next,
            CompletableFuture<Void> done) {
        int index = next.getAndIncrement();
        if (index >= transfers.size()) {
            done.complete(null);
            return;
        }
        Transfers.Transfer transfer = transfers.get(index);
        pool.withTransaction(connection -> apply(connection, transfer)).onComplete(result -> {
            if (result.failed()) {
                done.completeExceptionally(result.cause());
            } else {
                work(pool, transfers, next, done);
            }
        });
    }

    private static Future<?> apply(SqlConnection connection, Transfers.Transfer transfer) {
        boolean fromFirst = transfer.from().compareTo(transfer.to()) < 0;
        String first = fromFirst ? transfer.from() : transfer.to();
        String second = fromFirst ? transfer.to() : transfer.from();
        long firstDelta = fromFirst ? -transfer.amount() : transfer.amount();
        return connection.preparedQuery(INBOX).execute(Tuple.of("ledger-transfers", transfer.messageId()))
                .compose(inserted -> connection.preparedQuery(TRANSFER).execute(Tuple.of(transfer.id(),
                        transfer.from(), transfer.to(), transfer.amount())))
                .compose(inserted -> connection.preparedQuery(BALANCE).execute(Tuple.of(first, firstDelta)))
                .compose(updated -> connection.preparedQuery(BALANCE).execute(Tuple.of(second, -firstDelta)))
                .compose(updated -> connection.preparedQuery(ENTRY).execute(Tuple.of(transfer.id(),
                        transfer.from(), -transfer.amount())))
                .compose(inserted -> connection.preparedQuery(ENTRY).execute(Tuple.of(transfer.id(),
                        transfer.to(), transfer.amount())));
    }
}
