package io.steadfast.contender;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The ledger's own table: created_at is left to the database's default, the commit time the benchmark reads. */
@Entity
@Table(name = "ledger_transfer")
public class Transfer extends PanacheEntityBase {
    @Id
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "from_account")
    public String fromAccount;
    @Column(name = "to_account")
    public String toAccount;
    public long amount;
    public String currency;
    public String status;
    public String reason;
}
