package io.steadfast.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "ledger_account")
public class Account extends PanacheEntityBase {

    @Id
    @Column(length = 100)
    public String id;
    @Column(length = 3)
    public String currency;
    @Column(name = "opening_balance")
    public long openingBalance;
    /** Minor units; never negative (a check constraint backs the handler's own check). */
    public long balance;
}
