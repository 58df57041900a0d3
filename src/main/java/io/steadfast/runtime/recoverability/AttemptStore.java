package io.steadfast.runtime.recoverability;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.db.Pools;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The attempt budget's counter: one row per message being attempted or failed and not processed yet. A row is
 * written (autocommitted, outside the attempt's transaction) when an attempt starts, deleted by the inbox claim of
 * the transaction that processes the message (see {@code PostgresInbox}) and marked no longer in flight when an
 * attempt reports its failure, so a row found still in flight at the next start is an attempt the process did not
 * survive.
 */
@ApplicationScoped
public class AttemptStore {

    // The CTE reads the row as it was before this statement; RETURNING only sees it after. A note left in flight by
    // this same process ($4) is not a cut-off attempt: this process is alive. The SET clauses spell the cut-off
    // condition out again on purpose: they see the row as locked by ON CONFLICT (the latest version, perhaps written
    // by another instance after this statement's snapshot), which the CTE's value may not describe.
    private static final String START_UPDATE = " on conflict (consumer, message_id) do update set"
            + " interrupted = a.interrupted + case when a.in_flight and a.noted_by is distinct from $4 then 1 else 0 end,"
            + " crashes = a.crashes + case when a.in_flight and a.isolated and a.noted_by is distinct from $4"
            + " then 1 else 0 end,"
            + " in_flight = a.crashes + case when a.in_flight and a.isolated and a.noted_by is distinct from $4"
            + " then 1 else 0 end < $3,"
            + " isolated = false, noted_by = $4"
            + " returning a.message_id, a.interrupted, a.crashes, a.attempts, a.first_started_at";
    // Several messages' starts in one statement (a batch's, or concurrent attempts'), ids sorted so that two such
    // statements lock shared rows in the same order.
    private static final String START_ALL = "with ids as (select unnest($2::varchar[]) as message_id),"
            + " previous as (select p.message_id, p.in_flight and p.noted_by is distinct from $4 as cut_off"
            + " from steadfast_attempt p join ids using (message_id) where p.consumer = $1)"
            + " insert into steadfast_attempt as a (consumer, message_id, in_flight, noted_by)"
            + " select $1, message_id, true, $4 from ids"
            + START_UPDATE + ", coalesce((select cut_off from previous p where p.message_id = a.message_id), false)"
            + " as cut_off";
    private static final String ISOLATE = "update steadfast_attempt set isolated = true"
            + " where consumer = $1 and message_id = $2 and in_flight";
    private static final String CLEAR = "delete from steadfast_attempt where consumer = :consumer and message_id = :id";
    private static final String RECORD = "insert into steadfast_attempt as a"
            + " (consumer, message_id, attempts, first_failure_at, last_failure_at, last_error)"
            + " values ($1, $2, 1, now(), now(), $3)"
            + " on conflict (consumer, message_id) do update set attempts = a.attempts + 1,"
            + " first_failure_at = coalesce(a.first_failure_at, now()),"
            + " last_failure_at = now(), last_error = excluded.last_error, in_flight = false, isolated = false"
            + " returning a.attempts, a.first_failure_at, a.last_failure_at";

    @Inject
    Pool pool;

    @Inject
    Pools pools;

    private volatile Pool notes;

    private record Group(String consumer, int crashBudget) {
    }

    private final ConcurrentHashMap<Group, StartNotes> groups = new ConcurrentHashMap<>();

    /** This process, as the notes it leaves name it. */
    private final String process = UUID.randomUUID().toString();

    /**
     * Notes that an attempt starts, in a statement that commits at once, and tells what the previous attempts left
     * behind. A message whose alone-run attempts have crashed the process {@code crashBudget} times is no longer
     * marked in flight: it is not to be run again. The starts of a consumer's concurrent attempts share their
     * statement ({@link StartNotes}): one bookkeeping transaction per round trip, not per message.
     */
    public Uni<StartedAttempt> start(String consumer, String messageId, int crashBudget) {
        return groups.computeIfAbsent(new Group(consumer, crashBudget),
                group -> new StartNotes(ids -> startAll(consumer, ids, crashBudget))).start(messageId);
    }

    /** {@link #start} for several distinct messages at once, in one statement; keyed by message id. */
    public Uni<Map<String, StartedAttempt>> startAll(String consumer, Collection<String> messageIds,
            int crashBudget) {
        String[] ids = messageIds.stream().sorted().toArray(String[]::new);
        return notes().preparedQuery(START_ALL).execute(Tuple.of(consumer, ids, crashBudget, process))
                .map(rows -> {
                    Map<String, StartedAttempt> started = new HashMap<>();
                    rows.forEach(row -> started.put(row.getString("message_id"), started(row)));
                    return started;
                });
    }

    private static StartedAttempt started(Row row) {
        return new StartedAttempt(row.getBoolean("cut_off"), row.getInteger("interrupted"),
                row.getInteger("crashes"), row.getInteger("attempts"),
                row.getOffsetDateTime("first_started_at").toInstant());
    }

    /** Notes that the attempt in flight runs alone in its process: if the process stops now, the message did it. */
    public Uni<Void> isolate(String consumer, String messageId) {
        return notes().preparedQuery(ISOLATE).execute(Tuple.of(consumer, messageId)).replaceWithVoid();
    }

    // Start notes commit without waiting for the WAL flush: a flush per note halved throughput, and a note lost in a
    // PostgreSQL crash only means one crash of ours goes unnoticed. The application pool is injected first so the
    // options the note pool copies exist.
    private Pool notes() {
        Pool current = notes;
        if (current == null) {
            pool.getDelegate();
            current = pools.asyncCommit();
            notes = current;
        }
        return current;
    }

    /**
     * Counts one more failed attempt, in a statement of its own on the application pool: not in the attempt's
     * Hibernate session, which may still hold the very change that failed and would flush it again.
     */
    public Uni<AttemptCount> recordFailure(String consumer, String messageId, Throwable error) {
        String text = StoredText.of(error.getClass().getName() + ": " + error.getMessage(), 2000);
        return pool.preparedQuery(RECORD).execute(Tuple.of(consumer, messageId, text)).map(rows -> {
            Row row = rows.iterator().next();
            return new AttemptCount(row.getInteger("attempts"), row.getOffsetDateTime("first_failure_at").toInstant(),
                    row.getOffsetDateTime("last_failure_at").toInstant());
        });
    }

    /**
     * Forgets the failures of a message in the current transaction: it is replayed from its dead letter with a fresh
     * attempt budget. (A processed message's notes go with its inbox claim, see {@code Inbox#claim}.)
     */
    public Uni<Void> clear(String consumer, String messageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLEAR)
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate())
                .replaceWithVoid();
    }
}
