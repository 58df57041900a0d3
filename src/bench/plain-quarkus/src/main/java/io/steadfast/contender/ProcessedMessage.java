package io.steadfast.contender;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The idempotent-consumer table: a message id per consumer, inserted in the transaction that processes it. */
@Entity
@Table(name = "plain_processed_message")
public class ProcessedMessage extends PanacheEntityBase {
    @Id
    public String id;

    static ProcessedMessage of(String consumer, String messageId) {
        ProcessedMessage processed = new ProcessedMessage();
        processed.id = consumer + "/" + messageId;
        return processed;
    }
}
