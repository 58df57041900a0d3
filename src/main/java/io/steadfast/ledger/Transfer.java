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
    @Column(name = "from_account")
    public String fromAccount;
    @Column(name = "to_account")
    public String toAccount;
    public long amount;
    public String currency;
    @Enumerated(EnumType.STRING)
    public Status status;
    public String reason;
}
