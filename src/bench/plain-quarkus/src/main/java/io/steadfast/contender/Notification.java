package io.steadfast.contender;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "ledger_notification")
public class Notification extends PanacheEntityBase {
    @Id
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "event_type")
    public String eventType;
    public String status;
    @Column(name = "done_at")
    public OffsetDateTime doneAt;
}
