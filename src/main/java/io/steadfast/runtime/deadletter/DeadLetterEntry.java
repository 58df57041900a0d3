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
    @Column(length = 200)
    public String consumer;
    @Column(name = "message_id")
    public String messageId;
    @Column(length = 500)
    public String address;
    public byte[] body;
    @Column(name = "content_type", length = 200)
    public String contentType;
    /** Application properties as a JSON object. */
    @Column(columnDefinition = "text")
    public String properties;
    @Column(length = 100)
    public String reason;
    @Column(name = "exception_class", length = 500)
    public String exceptionClass;
    @Column(name = "exception_message", length = 4000)
    public String exceptionMessage;
    public int attempts;
    @Column(name = "first_failure_at")
    public Instant firstFailureAt;
    @Column(name = "last_failure_at")
    public Instant lastFailureAt;
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    public DeadLetterStatus status;
    @Column(name = "replay_count")
    public int replayCount;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
