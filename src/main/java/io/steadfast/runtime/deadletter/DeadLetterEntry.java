package io.steadfast.runtime.deadletter;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A message that will not be processed without an operator: what it was, why it failed, and how often. */
@Entity
@Table(name = "steadfast_dead_letter")
public class DeadLetterEntry extends PanacheEntityBase {

    @Id
    public Long id;
    public String consumer;
    @Column(name = "message_id")
    public String messageId;
    public String address;
    public byte[] body;
    @Column(name = "content_type")
    public String contentType;
    /** Application properties as a JSON object. */
    public String properties;
    public String reason;
    @Column(name = "exception_class")
    public String exceptionClass;
    @Column(name = "exception_message")
    public String exceptionMessage;
    public int attempts;
    @Column(name = "first_failure_at")
    public Instant firstFailureAt;
    @Column(name = "last_failure_at")
    public Instant lastFailureAt;
    @Enumerated(EnumType.STRING)
    public DeadLetterStatus status;
    @Column(name = "replay_count")
    public int replayCount;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
