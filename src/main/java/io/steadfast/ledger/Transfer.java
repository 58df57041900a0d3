package io.steadfast.ledger;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "ledger_transfer")
public class Transfer extends PanacheEntityBase {

    public enum Status {
        APPLIED, REJECTED
    }

    @Id
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "from_account", length = 100)
    public String fromAccount;
    @Column(name = "to_account", length = 100)
    public String toAccount;
    public long amount;
    @Column(length = 3)
    public String currency;
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    public Status status;
    @Column(length = 100)
    public String reason;
}
