package io.steadfast.contender;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "ledger_account")
public class Account extends PanacheEntityBase {
    @Id
    public String id;
    public String currency;
    @Column(name = "opening_balance")
    public long openingBalance;
    public long balance;
}
