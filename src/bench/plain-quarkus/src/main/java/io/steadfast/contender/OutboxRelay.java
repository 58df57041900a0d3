package io.steadfast.contender;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;

/**
 * A simple polling relay: every second (the scheduler's finest interval), rounds of the oldest unpublished rows, each
 * in a transaction of its own that sends them (each awaiting the broker's accept) and marks them published, until a
 * round finds fewer than a full batch.
 */
@ApplicationScoped
public class OutboxRelay {

    @Inject
    @Channel("events-out")
    MutinyEmitter<String> events;

    static final int BATCH = 100;

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return Panache.withTransaction(this::round)
                .chain(sent -> sent == BATCH ? relay() : Uni.createFrom().voidItem());
    }

    private Uni<Integer> round() {
        return OutboxEvent.<OutboxEvent>find("publishedAt is null order by id").page(0, BATCH).list()
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : send(rows).replaceWith(rows.size()));
    }

    private Uni<Void> send(List<OutboxEvent> rows) {
        return Uni.join().all(rows.stream().map(row -> events.sendMessage(Message.of(row.payload)
                .addMetadata(OutgoingAmqpMetadata.builder().withMessageId("event-" + row.id)
                        .withContentType("application/json").withDurable(true).build()))
                .invoke(() -> row.publishedAt = OffsetDateTime.now())).toList())
                .andFailFast().replaceWithVoid();
    }
}
