package io.steadfast.ledger;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The notification sent for one decided transfer: INIT once recorded, DONE once delivered. */
@Entity
@Table(name = "ledger_notification")
public class Notification extends PanacheEntityBase {

    @Id
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "event_type", length = 32)
    public String eventType;
    @Column(length = 8)
    public String status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "done_at")
    public Instant doneAt;
}
