package io.steadfast.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The outcome of a batch of transfers decided one after the other against the locked accounts' balances, laid out
 * as the columns of the set-based statements that record it.
 */
final class BatchOfTransfers {

    record Decision(TransferCommand command, Transfer.Status status, String reason) {
    }

    private record Balance(String currency, long amount) {
    }

    private final List<Decision> decisions = new ArrayList<>();
    private final List<UUID> entryTransfers = new ArrayList<>();
    private final List<String> entryAccounts = new ArrayList<>();
    private final List<Long> entryAmounts = new ArrayList<>();
    // Sorted by account id: the update then meets the rows in the order they were locked.
    private final Map<String, Long> balanceChanges = new TreeMap<>();

    /** What {@link Ledger}'s lock-and-read query puts first in an account's row (a decided transfer's has another). */
    static final String ACCOUNT_ROW = "account";

    private BatchOfTransfers() {
    }

    /**
     * @param rows {@link #ACCOUNT_ROW}, id, currency, balance for each account the commands name that exists, and
     *     {@code "decided", transfer id, null, null} for each transfer recorded before (under other message ids):
     *     those are not decided again
     */
    static BatchOfTransfers decide(List<TransferCommand> commands, List<Object[]> rows) {
        Map<String, Balance> balances = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Object[] row : rows) {
            if (ACCOUNT_ROW.equals(row[0])) {
                balances.put((String) row[1], new Balance((String) row[2], ((Number) row[3]).longValue()));
            } else {
                seen.add((String) row[1]);
            }
        }
        BatchOfTransfers batch = new BatchOfTransfers();
        for (TransferCommand command : commands) {
            if (seen.add(command.transferId().toString())) {
                batch.decide(command, balances);
            }
        }
        return batch;
    }

    private void decide(TransferCommand command, Map<String, Balance> balances) {
        Balance from = balances.get(command.from());
        Balance to = balances.get(command.to());
        String rejection = Ledger.rejection(command, from == null ? null : from.currency(),
                from == null ? 0 : from.amount(), to == null ? null : to.currency());
        if (rejection != null) {
            decisions.add(new Decision(command, Transfer.Status.REJECTED, rejection));
            return;
        }
        balances.put(command.from(), new Balance(from.currency(), from.amount() - command.amount()));
        balances.put(command.to(), new Balance(to.currency(), to.amount() + command.amount()));
        balanceChanges.merge(command.from(), -command.amount(), Long::sum);
        balanceChanges.merge(command.to(), command.amount(), Long::sum);
        entry(command.transferId(), command.from(), -command.amount());
        entry(command.transferId(), command.to(), command.amount());
        decisions.add(new Decision(command, Transfer.Status.APPLIED, null));
    }

    private void entry(UUID transferId, String account, long amount) {
        entryTransfers.add(transferId);
        entryAccounts.add(account);
        entryAmounts.add(amount);
    }

    boolean isEmpty() {
        return decisions.isEmpty();
    }

    List<Decision> decisions() {
        return decisions;
    }

    UUID[] transferIds() {
        return decisions.stream().map(decision -> decision.command().transferId()).toArray(UUID[]::new);
    }

    String[] froms() {
        return decisions.stream().map(decision -> decision.command().from()).toArray(String[]::new);
    }

    String[] tos() {
        return decisions.stream().map(decision -> decision.command().to()).toArray(String[]::new);
    }

    Long[] amounts() {
        return decisions.stream().map(decision -> decision.command().amount()).toArray(Long[]::new);
    }

    String[] currencies() {
        return decisions.stream().map(decision -> decision.command().currency()).toArray(String[]::new);
    }

    String[] statuses() {
        return decisions.stream().map(decision -> decision.status().name()).toArray(String[]::new);
    }

    String[] reasons() {
        return decisions.stream().map(Decision::reason).toArray(String[]::new);
    }

    UUID[] entryTransfers() {
        return entryTransfers.toArray(UUID[]::new);
    }

    String[] entryAccounts() {
        return entryAccounts.toArray(String[]::new);
    }

    Long[] entryAmounts() {
        return entryAmounts.toArray(Long[]::new);
    }

    String[] changedAccounts() {
        return balanceChanges.keySet().toArray(String[]::new);
    }

    Long[] balanceChanges() {
        return balanceChanges.values().toArray(Long[]::new);
    }
}
