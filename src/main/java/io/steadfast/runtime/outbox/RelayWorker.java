package io.steadfast.runtime.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.testing.CrashPoints;
import io.steadfast.runtime.transport.MessageSender;
import io.steadfast.runtime.transport.OutboundEnvelope;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One relay round, in one transaction: claim up to a batch of publishable rows (other relays skip them), send
 * them, and mark published the ones the broker accepted. A crash before the mark rolls the claim back, and the
 * rows are sent again later under the same message ids.
 * <p>
 * Only the oldest unpublished row of each partition key is publishable, so a key's rows go out in commit order
 * whatever the number of relays.
 */
final class RelayWorker {

    private static final Logger LOG = Logger.getLogger(RelayWorker.class);

    private static final String CLAIM = "select o.id, o.address, o.partition_key, o.body, o.content_type, o.headers"
            + " from steadfast_outbox o where o.published_at is null and (o.partition_key is null or not exists ("
            + " select 1 from steadfast_outbox p where p.partition_key = o.partition_key and p.published_at is null"
            + " and p.seq < o.seq)) order by o.seq limit $1 for update of o skip locked";
    private static final String MARK = "update steadfast_outbox set published_at = now() where id = any($1)";

    private final Pool pool;
    private final MessageSender sender;
    private final RelayListener listener;
    private final SteadfastMetrics metrics;
    private final int batchSize;
    private final CrashPoints crashPoints;
    private final MessageTracing tracing;

    RelayWorker(Pool pool, MessageSender sender, RelayListener listener, SteadfastMetrics metrics, int batchSize,
            CrashPoints crashPoints, MessageTracing tracing) {
        this.crashPoints = crashPoints;
        this.tracing = tracing;
        this.pool = pool;
        this.sender = sender;
        this.listener = listener;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    int batchSize() {
        return batchSize;
    }

    /** Publishes one batch; the result is how many rows were published. */
    Uni<Integer> round() {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM).execute(Tuple.of(batchSize))
                .chain(rows -> publish(rows))
                .chain(sent -> sent.isEmpty() ? Uni.createFrom().item(0) : mark(connection, sent)))
                .invoke(published -> {
                    if (published > 0) {
                        metrics.outboxPublished(published);
                    }
                });
    }

    private Uni<List<OutboundEnvelope>> publish(RowSet<Row> rows) {
        List<Uni<OutboundEnvelope>> sends = new ArrayList<>();
        for (Row row : rows) {
            UUID id = row.getUUID("id");
            MessageTracing.Publication publication = tracing.publish(new OutboundEnvelope(row.getString("address"),
                    id.toString(), row.getBuffer("body").getBytes(), row.getString("content_type"),
                    new JsonObject(row.getString("headers")).getMap(), row.getString("partition_key")));
            OutboundEnvelope envelope = publication.envelope();
            sends.add(sender.send(envelope).replaceWith(envelope)
                    .onItemOrFailure().invoke((sent, failure) -> MessageTracing.end(publication.span(), failure))
                    .onFailure().invoke(failure -> LOG.debugf("Outbox message %s not sent yet: %s", id, failure))
                    .onFailure().recoverWithNull());
        }
        if (sends.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(sends).andFailFast()
                .map(sent -> sent.stream().filter(Objects::nonNull).toList());
    }

    private Uni<Integer> mark(SqlConnection connection, List<OutboundEnvelope> sent) {
        UUID[] ids = sent.stream().map(envelope -> UUID.fromString(envelope.messageId())).toArray(UUID[]::new);
        return listener.accepted(sent)
                .invoke(() -> crashPoints.reached(CrashPoints.AFTER_OUTBOX_ACCEPT))
                .chain(() -> connection.preparedQuery(MARK).execute(Tuple.of(ids)))
                .replaceWith(ids.length);
    }
}
