package io.steadfast.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * <p>
 * With a batch size above one, the same work for a batch of transfers per transaction, set-based as the service's
 * batch path writes it: one multi-row inbox claim (ids sorted, as the service sorts them), the accounts locked in id
 * order, then one statement inserting the transfers and their entries and applying the balance changes grouped by
 * account. As many connections as the service can have batches in flight: {@code concurrency / batch}, at least one.
 * <p>
 * The <b>same-work</b> ceiling ({@link #runSameWork}) adds what else the service must do for the same guarantees, and
 * nothing more: the outgoing event's outbox row in the transfer's transaction, the relay's mark of it (a statement
 * of its own), and the notifier's own transaction, with its inbox claim and the notification row. Three transactions
 * a transfer (or a batch), as the service's minimum; the broker's part (sending the event, settling) is not in it.
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
    private static final String INBOX_ALL = "insert into steadfast_inbox (consumer, message_id, generation)"
            + " select $1, ids.id, generation from unnest($2::varchar[]) ids(id)"
            + " cross join lateral steadfast_inbox_claim_generation($1, ids.id) generation on conflict do nothing";
    private static final String LOCK = "select id from ledger_account where id = any($1) order by id for update";
    private static final String WRITE = "with transfers as (insert into ledger_transfer"
            + " (transfer_id, from_account, to_account, amount, currency, status)"
            + " select t.id, t.from_account, t.to_account, t.amount, 'EUR', 'APPLIED'"
            + " from unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::bigint[]) t(id, from_account, to_account,"
            + " amount)),"
            + " entries as (insert into ledger_entry (transfer_id, account_id, amount)"
            + " select * from unnest($5::uuid[], $6::varchar[], $7::bigint[]))"
            + " update ledger_account a set balance = a.balance + d.delta"
            + " from unnest($8::varchar[], $9::bigint[]) d(id, delta) where a.id = d.id";

    private static final String OUTBOX = "insert into steadfast_outbox"
            + " (id, seq, address, partition_key, body, content_type, headers)"
            + " values ($1, 0, 'ledger.transfer-events', $2, $3, 'application/json', '{}')";
    private static final String OUTBOX_ALL = "insert into steadfast_outbox"
            + " (id, seq, address, partition_key, body, content_type, headers)"
            + " select e.id, 0, 'ledger.transfer-events', e.id::text, e.body, 'application/json', '{}'"
            + " from unnest($1::uuid[], $2::bytea[]) e(id, body) order by e.id";
    private static final String MARK = "update steadfast_outbox set published_at = now() where id = any($1)";
    private static final String NOTIFICATION = "insert into ledger_notification (transfer_id, event_type, status)"
            + " values ($1, 'TransferApplied', 'INIT') on conflict do nothing";
    private static final String NOTIFICATIONS = "insert into ledger_notification (transfer_id, event_type, status)"
            + " select id, 'TransferApplied', 'INIT' from unnest($1::uuid[]) n(id) order by id on conflict do nothing";

    private DatabaseCeiling() {
    }

    /** Wall-clock time of a run, and the CPU time PostgreSQL spent meanwhile (taken before the connections close). */
    record Run(long millis, double postgresCpuSeconds) {
    }

    /** Runs the transfers, {@code batch} to a transaction. */
    static Run run(String host, int port, String database, String user, int concurrency, int batch,
            List<Transfers.Transfer> transfers) {
        return run(host, port, database, user, concurrency, batch, transfers, false);
    }

    /** The same-work ceiling: the transfers with their event, the relay's mark and the notifier's transaction. */
    static Run runSameWork(String host, int port, String database, String user, int concurrency, int batch,
            List<Transfers.Transfer> transfers) {
        return run(host, port, database, user, concurrency, batch, transfers, true);
    }

    private static Run run(String host, int port, String database, String user, int concurrency, int batch,
            List<Transfers.Transfer> transfers, boolean sameWork) {
        int connections = Math.max(1, concurrency / Math.max(1, batch));
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections))
                .connectingTo(new PgConnectOptions().setHost(host).setPort(port).setDatabase(database)
                        .setUser(user).setCachePreparedStatements(true))
                .using(vertx).build();
        try {
            AtomicInteger next = new AtomicInteger();
            Map<Long, Long> postgresBefore = ProcessStats.postgresTicks();
            long start = System.currentTimeMillis();
            CompletableFuture<?>[] workers = new CompletableFuture<?>[connections];
            for (int i = 0; i < connections; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                work(pool, transfers, Math.max(1, batch), sameWork, next, done);
                workers[i] = done;
            }
            CompletableFuture.allOf(workers).get(30, TimeUnit.MINUTES);
            long millis = System.currentTimeMillis() - start;
            return new Run(millis, ProcessStats.postgresCpuSecondsSince(postgresBefore));
        } catch (Exception e) {
            throw new IllegalStateException("The database ceiling's transactions failed", e);
        } finally {
            pool.close();
            vertx.close();
        }
    }

    private static void work(Pool pool, List<Transfers.Transfer> transfers, int batch, boolean sameWork,
            AtomicInteger next, CompletableFuture<Void> done) {
        int first = next.getAndAdd(batch);
        if (first >= transfers.size()) {
            done.complete(null);
            return;
        }
        List<Transfers.Transfer> taken = transfers.subList(first, Math.min(transfers.size(), first + batch));
        UUID[] events = taken.stream().map(transfer -> UUID.randomUUID()).toArray(UUID[]::new);
        Future<Object> transfer = pool.<Object>withTransaction(connection -> (batch == 1
                ? apply(connection, taken.get(0))
                : applyAll(connection, taken))
                .compose(applied -> sameWork ? announce(connection, taken, events) : Future.succeededFuture())
                .map(ignored -> null));
        Future<Object> all = !sameWork ? transfer
                : transfer.compose(committed -> pool.preparedQuery(MARK).execute(Tuple.of(events)))
                        .compose(marked -> pool.<Object>withTransaction(connection -> notify(connection, taken)
                                .map(ignored -> null)));
        all.onComplete(result -> {
            if (result.failed()) {
                done.completeExceptionally(result.cause());
            } else {
                work(pool, transfers, batch, sameWork, next, done);
            }
        });
    }

    /** The outgoing events' outbox rows, in the transfers' transaction. */
    private static Future<?> announce(SqlConnection connection, List<Transfers.Transfer> transfers, UUID[] events) {
        Buffer[] bodies = transfers.stream().map(transfer -> Buffer.buffer("{\"type\":\"TransferApplied\","
                + "\"transferId\":\"" + transfer.id() + "\"}")).toArray(Buffer[]::new);
        if (transfers.size() == 1) {
            return connection.preparedQuery(OUTBOX).execute(Tuple.of(events[0], transfers.get(0).id().toString(),
                    bodies[0]));
        }
        return connection.preparedQuery(OUTBOX_ALL).execute(Tuple.tuple().addArrayOfUUID(events)
                .addValue(bodies));
    }

    /** The notifier's transaction: its inbox claim of the events, and the notifications. */
    private static Future<?> notify(SqlConnection connection, List<Transfers.Transfer> transfers) {
        UUID[] ids = transfers.stream().map(Transfers.Transfer::id).toArray(UUID[]::new);
        if (transfers.size() == 1) {
            return connection.preparedQuery(INBOX).execute(Tuple.of("ledger-notifier", "event-" + ids[0]))
                    .compose(claimed -> connection.preparedQuery(NOTIFICATION).execute(Tuple.of(ids[0])));
        }
        String[] messageIds = Arrays.stream(ids).map(id -> "event-" + id).sorted().toArray(String[]::new);
        return connection.preparedQuery(INBOX_ALL).execute(Tuple.tuple().addString("ledger-notifier")
                .addArrayOfString(messageIds))
                .compose(claimed -> connection.preparedQuery(NOTIFICATIONS).execute(Tuple.tuple()
                        .addArrayOfUUID(ids)));
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

    private static Future<?> applyAll(SqlConnection connection, List<Transfers.Transfer> transfers) {
        String[] messageIds = transfers.stream().map(Transfers.Transfer::messageId).sorted().toArray(String[]::new);
        Map<String, Long> deltas = new TreeMap<>();
        List<UUID> entryTransfers = new ArrayList<>();
        List<String> entryAccounts = new ArrayList<>();
        List<Long> entryAmounts = new ArrayList<>();
        for (Transfers.Transfer transfer : transfers) {
            deltas.merge(transfer.from(), -transfer.amount(), Long::sum);
            deltas.merge(transfer.to(), transfer.amount(), Long::sum);
            entryTransfers.addAll(List.of(transfer.id(), transfer.id()));
            entryAccounts.addAll(List.of(transfer.from(), transfer.to()));
            entryAmounts.addAll(List.of(-transfer.amount(), transfer.amount()));
        }
        String[] accounts = deltas.keySet().toArray(String[]::new);
        Tuple write = Tuple.tuple()
                .addArrayOfUUID(transfers.stream().map(Transfers.Transfer::id).toArray(UUID[]::new))
                .addArrayOfString(transfers.stream().map(Transfers.Transfer::from).toArray(String[]::new))
                .addArrayOfString(transfers.stream().map(Transfers.Transfer::to).toArray(String[]::new))
                .addArrayOfLong(transfers.stream().map(Transfers.Transfer::amount).toArray(Long[]::new))
                .addArrayOfUUID(entryTransfers.toArray(UUID[]::new))
                .addArrayOfString(entryAccounts.toArray(String[]::new))
                .addArrayOfLong(entryAmounts.toArray(Long[]::new))
                .addArrayOfString(accounts)
                .addArrayOfLong(deltas.values().toArray(Long[]::new));
        return connection.preparedQuery(INBOX_ALL).execute(Tuple.tuple().addString("ledger-transfers")
                .addArrayOfString(messageIds))
                .compose(claimed -> connection.preparedQuery(LOCK).execute(Tuple.tuple().addArrayOfString(accounts)))
                .compose(locked -> connection.preparedQuery(WRITE).execute(write));
    }
}
