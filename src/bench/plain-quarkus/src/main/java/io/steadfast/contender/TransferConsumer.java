package io.steadfast.contender;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.json.JsonObject;

/**
 * The ledger's transfer consumer as the Quarkus guides write one: an {@code @Incoming} method under
 * {@code @WithTransaction}, acknowledged by the connector once the returned {@code Uni} (so the commit) completes; a
 * processed-message row for idempotency and an outbox row for the event, in the same transaction. The same business
 * rules as Steadfast's ledger; none of its recoverability (a failure releases the message for redelivery).
 */
@ApplicationScoped
public class TransferConsumer {

    static final String CONSUMER = "transfers";

    @Incoming("transfers")
    @WithTransaction
    public Uni<Void> consume(JsonObject command, IncomingAmqpMetadata metadata) {
        String messageId = String.valueOf(metadata.getId());
        return ProcessedMessage.<ProcessedMessage>findById(CONSUMER + "/" + messageId).chain(seen -> seen != null
                ? Uni.createFrom().voidItem()
                : ProcessedMessage.of(CONSUMER, messageId).persist().chain(() -> apply(command)));
    }

    private Uni<Void> apply(JsonObject command) {
        UUID transferId = UUID.fromString(command.getString("transferId"));
        return Transfer.<Transfer>findById(transferId).chain(decided -> decided != null
                ? Uni.createFrom().voidItem()
                : decide(transferId, command));
    }

    private Uni<Void> decide(UUID transferId, JsonObject command) {
        String from = command.getString("from");
        String to = command.getString("to");
        long amount = command.getLong("amount");
        String currency = command.getString("currency");
        List<String> ids = Stream.of(from, to).distinct().sorted().toList();
        return Account.<Account>find("id in ?1 order by id", ids).withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(locked -> {
                    Map<String, Account> accounts = locked.stream()
                            .collect(Collectors.toMap(account -> account.id, Function.identity()));
                    Account source = accounts.get(from);
                    Account target = accounts.get(to);
                    String reason = rejection(from, to, amount, currency, source, target);
                    Transfer transfer = new Transfer();
                    transfer.transferId = transferId;
                    transfer.fromAccount = from;
                    transfer.toAccount = to;
                    transfer.amount = amount;
                    transfer.currency = currency;
                    transfer.status = reason == null ? "APPLIED" : "REJECTED";
                    transfer.reason = reason;
                    OutboxEvent event = new OutboxEvent();
                    event.partitionKey = transferId.toString();
                    event.payload = command.copy()
                            .put("type", reason == null ? "TransferApplied" : "TransferRejected").encode();
                    if (reason != null) {
                        return Panache.getSession().chain(session -> session.persistAll(transfer, event));
                    }
                    source.balance -= amount;
                    target.balance += amount;
                    return Panache.getSession().chain(session -> session.persistAll(transfer,
                            Entry.of(transferId, from, -amount), Entry.of(transferId, to, amount), event));
                });
    }

    private static String rejection(String from, String to, long amount, String currency, Account source,
            Account target) {
        if (from.equals(to)) {
            return "same-account";
        }
        if (source == null || target == null) {
            return "unknown-account";
        }
        if (!source.currency.equals(currency) || !target.currency.equals(currency)) {
            return "currency-mismatch";
        }
        return source.balance < amount ? "insufficient-funds" : null;
    }
}
