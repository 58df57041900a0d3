package io.steadfast.ledger;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.outbox.OutgoingMessage;
import io.vertx.core.json.JsonObject;

/**
 * Applies transfers inside the caller's transaction. Business outcomes (unknown account, currency mismatch, same
 * account, insufficient funds) are recorded as REJECTED: they are answers, not failures.
 */
@ApplicationScoped
public class Ledger {

    public static final String UNKNOWN_ACCOUNT = "unknown-account";
    public static final String CURRENCY_MISMATCH = "currency-mismatch";
    public static final String SAME_ACCOUNT = "same-account";
    public static final String INSUFFICIENT_FUNDS = "insufficient-funds";
    /** Where every decided transfer is announced, keyed by transfer id. */
    public static final String EVENTS = "ledger.transfer-events";

    // The accounts locked in id order (so concurrent batches never deadlock) and the transfers already recorded, in
    // one round trip: the locking CTE runs whole before the rows are returned.
    private static final String LOCK_AND_READ = "with locked as (select id, currency, balance from ledger_account"
            + " where id in (:accounts) order by id for update)"
            + " select '" + BatchOfTransfers.ACCOUNT_ROW + "' as kind, id, currency, balance from locked"
            + " union all select 'decided', cast(transfer_id as varchar), null, null from ledger_transfer"
            + " where transfer_id in (:transfers)";
    // The transfers, their entries and the balances in one statement: the inserts run as CTEs beside the update, and
    // the entries' foreign keys are checked at the statement's end, when the transfers are in.
    private static final String WRITE = "with transfers as (insert into ledger_transfer"
            + " (transfer_id, from_account, to_account, amount, currency, status, reason)"
            + " select * from unnest(cast(:ids as uuid[]), cast(:froms as varchar[]), cast(:tos as varchar[]),"
            + " cast(:amounts as bigint[]), cast(:currencies as varchar[]), cast(:statuses as varchar[]),"
            + " cast(:reasons as varchar[]))),"
            + " entries as (insert into ledger_entry (transfer_id, account_id, amount)"
            + " select * from unnest(cast(:entryTransfers as uuid[]), cast(:entryAccounts as varchar[]),"
            + " cast(:entryAmounts as bigint[])))"
            + " update ledger_account a set balance = a.balance + d.delta"
            + " from unnest(cast(:changed as varchar[]), cast(:deltas as bigint[])) d(id, delta) where a.id = d.id";

    @Inject
    Outbox outbox;

    /**
     * Applies several transfers in the caller's transaction as if one after the other, in list order, with two
     * set-based statements whatever their number, and the outbox's insert: the accounts locked in id order and the
     * transfers already decided, read together; then the transfers, their entries and the grouped balance changes
     * written together. A message's single transfer takes the same path as a batch of one: one way to apply a
     * transfer, and no entity loading or dirty checking on the way.
     */
    public Uni<Void> applyAll(List<TransferCommand> commands) {
        List<UUID> transferIds = commands.stream().map(TransferCommand::transferId).distinct().toList();
        List<String> accountIds = commands.stream().flatMap(command -> Stream.of(command.from(), command.to()))
                .distinct().sorted().toList();
        // List parameters, not arrays: Hibernate caches no plan for a native query with a list parameter, but adds one
        // per call for a row-returning one without (its key never matches again), until every lookup scans 2,047.
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK_AND_READ, Object[].class)
                .setParameter("accounts", accountIds)
                .setParameter("transfers", transferIds)
                .getResultList()
                .chain(rows -> write(session, BatchOfTransfers.decide(commands, rows))));
    }

    private Uni<Void> write(Mutiny.Session session, BatchOfTransfers batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(WRITE)
                .setParameter("ids", batch.transferIds())
                .setParameter("froms", batch.froms())
                .setParameter("tos", batch.tos())
                .setParameter("amounts", batch.amounts())
                .setParameter("currencies", batch.currencies())
                .setParameter("statuses", batch.statuses())
                .setParameter("reasons", batch.reasons())
                .setParameter("entryTransfers", batch.entryTransfers())
                .setParameter("entryAccounts", batch.entryAccounts())
                .setParameter("entryAmounts", batch.entryAmounts())
                .setParameter("changed", batch.changedAccounts())
                .setParameter("deltas", batch.balanceChanges())
                .executeUpdate()
                .chain(() -> outbox.addAll(batch.decisions().stream()
                        .map(decision -> event(decision.command(), decision.status(), decision.reason()))
                        .toList()))
                .replaceWithVoid();
    }

    /**
     * Why the transfer is rejected, or {@code null} when it applies; a {@code null} currency is an account that does
     * not exist.
     */
    static String rejection(TransferCommand command, String fromCurrency, long fromBalance, String toCurrency) {
        if (command.from().equals(command.to())) {
            return SAME_ACCOUNT;
        }
        if (fromCurrency == null || toCurrency == null) {
            return UNKNOWN_ACCOUNT;
        }
        if (!fromCurrency.equals(command.currency()) || !toCurrency.equals(command.currency())) {
            return CURRENCY_MISMATCH;
        }
        if (fromBalance < command.amount()) {
            return INSUFFICIENT_FUNDS;
        }
        return null;
    }

    private static OutgoingMessage event(TransferCommand command, Transfer.Status status, String reason) {
        String type = status == Transfer.Status.APPLIED ? "TransferApplied" : "TransferRejected";
        JsonObject body = new JsonObject()
                .put("type", type)
                .put("transferId", command.transferId().toString())
                .put("from", command.from())
                .put("to", command.to())
                .put("amount", command.amount())
                .put("currency", command.currency());
        if (reason != null) {
            body.put("reason", reason);
        }
        return OutgoingMessage.json(EVENTS, body.encode(), command.transferId().toString(), Map.of("type", type));
    }
}
