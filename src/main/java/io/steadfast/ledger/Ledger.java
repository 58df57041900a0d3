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

    private static final String DECIDED = "select cast(transfer_id as varchar) from ledger_transfer"
            + " where transfer_id in (:ids)";
    private static final String LOCK_ACCOUNTS = "select id, currency, balance from ledger_account"
            + " where id in (:ids) order by id for update";
    private static final String INSERT_TRANSFERS = "insert into ledger_transfer"
            + " (transfer_id, from_account, to_account, amount, currency, status, reason)"
            + " select * from unnest(cast(:ids as uuid[]), cast(:froms as varchar[]), cast(:tos as varchar[]),"
            + " cast(:amounts as bigint[]), cast(:currencies as varchar[]), cast(:statuses as varchar[]),"
            + " cast(:reasons as varchar[]))";
    private static final String INSERT_ENTRIES = "insert into ledger_entry (transfer_id, account_id, amount)"
            + " select * from unnest(cast(:transfers as uuid[]), cast(:accounts as varchar[]),"
            + " cast(:amounts as bigint[]))";
    private static final String UPDATE_BALANCES = "update ledger_account a set balance = a.balance + d.delta"
            + " from unnest(cast(:ids as varchar[]), cast(:deltas as bigint[])) d(id, delta) where a.id = d.id";

    @Inject
    Outbox outbox;

    /**
     * Applies several transfers in the caller's transaction as if one after the other, in list order, with a fixed
     * number of set-based statements whatever their number: the transfers already decided, the accounts locked in id
     * order (so concurrent batches never deadlock), then one insert per table, one grouped balance update and one
     * outbox insert. A message's single transfer takes the same path as a batch of one: one way to apply a
     * transfer, and no entity loading or dirty checking on the way.
     */
    public Uni<Void> applyAll(List<TransferCommand> commands) {
        List<UUID> transferIds = commands.stream().map(TransferCommand::transferId).distinct().toList();
        List<String> accountIds = commands.stream().flatMap(command -> Stream.of(command.from(), command.to()))
                .distinct().sorted().toList();
        // List parameters, not arrays: Hibernate caches no plan for a native query with a list parameter, but adds one
        // per call for a row-returning one without (its key never matches again), until every lookup scans 2,047.
        return Panache.getSession().chain(session -> session.createNativeQuery(DECIDED, String.class)
                .setParameter("ids", transferIds)
                .getResultList()
                .chain(decided -> session.createNativeQuery(LOCK_ACCOUNTS, Object[].class)
                        .setParameter("ids", accountIds)
                        .getResultList()
                        .chain(accounts -> write(session, BatchOfTransfers.decide(commands, decided, accounts)))));
    }

    private Uni<Void> write(Mutiny.Session session, BatchOfTransfers batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Integer> transfers = session.createNativeQuery(INSERT_TRANSFERS)
                .setParameter("ids", batch.transferIds())
                .setParameter("froms", batch.froms())
                .setParameter("tos", batch.tos())
                .setParameter("amounts", batch.amounts())
                .setParameter("currencies", batch.currencies())
                .setParameter("statuses", batch.statuses())
                .setParameter("reasons", batch.reasons())
                .executeUpdate();
        return transfers
                .chain(() -> batch.hasEntries()
                        ? session.createNativeQuery(INSERT_ENTRIES)
                                .setParameter("transfers", batch.entryTransfers())
                                .setParameter("accounts", batch.entryAccounts())
                                .setParameter("amounts", batch.entryAmounts())
                                .executeUpdate()
                                .chain(() -> session.createNativeQuery(UPDATE_BALANCES)
                                        .setParameter("ids", batch.changedAccounts())
                                        .setParameter("deltas", batch.balanceChanges())
                                        .executeUpdate())
                        : Uni.createFrom().item(0))
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
