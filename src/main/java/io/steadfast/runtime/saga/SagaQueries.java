package io.steadfast.runtime.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads sagas for the admin API, the console and a domain's own views (outside any transaction). */
@ApplicationScoped
public class SagaQueries {

    /** A saga in a list: no state, no history. */
    public record Summary(UUID id, String type, SagaStatus status, String reason, int version,
            java.time.OffsetDateTime updatedAt) {
    }

    private static final String ONE = "select id, type, status, cast(state as text) as state, version, reason,"
            + " created_at, updated_at from steadfast_saga where id = $1";
    private static final String DEADLINES = "select name, due_at from steadfast_saga_deadline where saga_id = $1"
            + " order by due_at";
    private static final String HISTORY = "select at, entry from steadfast_saga_history where saga_id = $1"
            + " order by id";
    private static final String LIST = "select id, type, status, reason, version, updated_at from steadfast_saga"
            + " where ($1::varchar is null or status = $1) and ($2::varchar is null or type = $2)"
            + " order by updated_at desc, id limit $3";

    @Inject
    Pool pool;
    @Inject
    ObjectMapper json;

    /** The saga with its deadlines and history, or {@code null}. */
    public Uni<SagaView> find(UUID id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            Row saga = rows.iterator().next();
            return pool.preparedQuery(DEADLINES).execute(Tuple.of(id))
                    .chain(deadlines -> pool.preparedQuery(HISTORY).execute(Tuple.of(id))
                            .map(history -> view(saga, deadlines, history)));
        });
    }

    /** Most recently changed first. */
    public Uni<List<Summary>> list(SagaStatus status, String type, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(status == null ? null : status.name(), type, limit))
                .map(rows -> {
                    List<Summary> sagas = new ArrayList<>();
                    for (Row row : rows) {
                        sagas.add(new Summary(row.getUUID("id"), row.getString("type"),
                                SagaStatus.valueOf(row.getString("status")), row.getString("reason"),
                                row.getInteger("version"), row.getOffsetDateTime("updated_at")));
                    }
                    return sagas;
                });
    }

    private SagaView view(Row saga, RowSet<Row> deadlines, RowSet<Row> history) {
        List<SagaView.Deadline> due = new ArrayList<>();
        deadlines.forEach(row -> due.add(new SagaView.Deadline(row.getString("name"),
                row.getOffsetDateTime("due_at"))));
        List<SagaView.HistoryEntry> entries = new ArrayList<>();
        history.forEach(row -> entries.add(new SagaView.HistoryEntry(row.getOffsetDateTime("at"),
                row.getString("entry"))));
        return new SagaView(saga.getUUID("id"), saga.getString("type"), SagaStatus.valueOf(saga.getString("status")),
                saga.getString("reason"), saga.getInteger("version"), state(saga.getString("state")),
                saga.getOffsetDateTime("created_at"), saga.getOffsetDateTime("updated_at"), due, entries);
    }

    private JsonNode state(String stored) {
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A saga's stored state is not JSON", e);
        }
    }
}
