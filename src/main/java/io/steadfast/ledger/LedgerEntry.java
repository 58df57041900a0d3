package io.steadfast.ledger;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One side of a transfer: negative on the debited account, positive on the credited one. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "account_id", length = 100)
    public String accountId;
    public long amount;

    static LedgerEntry of(UUID transferId, String accountId, long amount) {
        LedgerEntry entry = new LedgerEntry();
        entry.transferId = transferId;
        entry.accountId = accountId;
        entry.amount = amount;
        return entry;
    }
}
