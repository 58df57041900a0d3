package io.steadfast.contender;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "ledger_entry")
public class Entry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "account_id")
    public String accountId;
    public long amount;

    static Entry of(UUID transferId, String accountId, long amount) {
        Entry entry = new Entry();
        entry.transferId = transferId;
        entry.accountId = accountId;
        entry.amount = amount;
        return entry;
    }
}
