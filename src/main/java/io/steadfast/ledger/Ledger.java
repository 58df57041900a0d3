package io.steadfast.ledger;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

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

    @Inject
    Outbox outbox;

    public Uni<Transfer.Status> apply(TransferCommand command) {
        return Transfer.<Transfer> findById(command.transferId()).chain(existing -> {
            if (existing != null) {
                // The same transfer under another message id: it was decided already.
                return Uni.createFrom().item(existing.status);
            }
            if (command.from().equals(command.to())) {
                return record(command, Transfer.Status.REJECTED, SAME_ACCOUNT);
            }
            // Lock both accounts in id order, so concurrent transfers over the same pair never deadlock.
            // Two parameters, not a list: a list parameter makes Hibernate translate the query again on every call.
            return Account.<Account> find("id in (?1, ?2) order by id", command.from(), command.to())
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                    .chain(accounts -> decide(command, accounts.stream()
                            .collect(Collectors.toMap(account -> account.id, Function.identity()))));
        });
    }

    private Uni<Transfer.Status> decide(TransferCommand command, Map<String, Account> accounts) {
        Account from = accounts.get(command.from());
        Account to = accounts.get(command.to());
        if (from == null || to == null) {
            return record(command, Transfer.Status.REJECTED, UNKNOWN_ACCOUNT);
        }
        if (!from.currency.equals(command.currency()) || !to.currency.equals(command.currency())) {
            return record(command, Transfer.Status.REJECTED, CURRENCY_MISMATCH);
        }
        if (from.balance < command.amount()) {
            return record(command, Transfer.Status.REJECTED, INSUFFICIENT_FUNDS);
        }
        from.balance -= command.amount();
        to.balance += command.amount();
        // The transfer row first: the entries reference it.
        return record(command, Transfer.Status.APPLIED, null)
                .call(() -> LedgerEntry.persist(LedgerEntry.of(command.transferId(), from.id, -command.amount()),
                        LedgerEntry.of(command.transferId(), to.id, command.amount())));
    }

    private Uni<Transfer.Status> record(TransferCommand command, Transfer.Status status, String reason) {
        Transfer transfer = new Transfer();
        transfer.transferId = command.transferId();
        transfer.fromAccount = command.from();
        transfer.toAccount = command.to();
        transfer.amount = command.amount();
        transfer.currency = command.currency();
        transfer.status = status;
        transfer.reason = reason;
        return transfer.persist().chain(() -> outbox.add(event(command, status, reason))).replaceWith(status);
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
