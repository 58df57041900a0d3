package io.steadfast.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The soak's checker, in the manner of Jepsen's: from what the load generator knows it sent (and the broker
 * confirmed) and what the database holds after the drain, count what was lost, applied twice, wrongly
 * dead-lettered or left stuck. Every invariant is a count that must be zero (or two counts that must be equal).
 */
final class SoakChecker {

    /** One checked property: its value, what it must be, and whether it is. */
    record Invariant(String name, long value, long expected, String detail) {
        boolean holds() {
            return value == expected;
        }
    }

    /** Everything the report prints: invariants, figures (name → value) and effects per second. */
    record Outcome(List<Invariant> invariants, Map<String, String> figures, Map<Long, Integer> effectsPerSecond,
            List<ChaosSoak.FaultRecord> faults, Map<Long, Integer> sentPerSecond) {
        boolean holds() {
            return invariants.stream().allMatch(Invariant::holds);
        }
    }

    private final ChaosSoak soak;

    SoakChecker(ChaosSoak soak) {
        this.soak = soak;
    }

    /** Whether everything sent has come to rest: queues and outbox empty, every expected effect present. */
    boolean settled() throws SQLException {
        if (soak.http.keys().stream().anyMatch(k -> !k.done())) {
            return false;
        }
        if (soak.transfers.values().stream().anyMatch(s -> s.confirmedAt == 0)) {
            return false;
        }
        try (Connection db = connect()) {
            if (number(db, "select count(*) from steadfast_outbox where published_at is null") > 0
                    || number(db, "select count(*) from ledger_notification where status <> 'DONE'") > 0) {
                return false;
            }
            Set<String> present = transferIds(db).keySet();
            if (!present.containsAll(expectedEffects())) {
                return false;
            }
        }
        return soak.broker.depth(ChaosSoak.TRANSFERS) == 0 && soak.broker.depth(ChaosSoak.EVENTS) == 0;
    }

    Outcome check() throws SQLException {
        List<Invariant> invariants = new ArrayList<>();
        Map<String, String> figures = new java.util.LinkedHashMap<>();
        try (Connection db = connect()) {
            Map<String, long[]> rows = transferIds(db);
            Set<String> expected = expectedEffects();
            Set<String> sentIds = new HashSet<>(soak.transfers.keySet());
            soak.http.keys().forEach(k -> {
                if (k.transferId != null) {
                    sentIds.add(k.transferId);
                }
            });

            // lost = 0: every confirmed send has an effect (applied or rejected) or, for poison, a dead letter.
            long lostEffects = expected.stream().filter(id -> !rows.containsKey(id)).count();
            Map<String, String[]> deadLetters = deadLetters(db);
            long lostPoison = soak.poison.keySet().stream().filter(id -> !deadLetters.containsKey(id)).count();
            invariants.add(new Invariant("lost", lostEffects + lostPoison, 0, lostEffects
                    + " confirmed transfers without an effect, " + lostPoison + " poison messages without a dead letter"));

            // duplicate effects = 0.
            long unasked = rows.keySet().stream().filter(id -> !sentIds.contains(id)).count();
            long applied = rows.values().stream().filter(r -> r[0] == 1).count();
            long entries = number(db, "select count(*) from ledger_entry");
            long badPairs = number(db, "select count(*) from (select transfer_id from ledger_entry group by"
                    + " transfer_id having count(*) <> 2 or sum(amount) <> 0) x");
            long entriesOfRejected = number(db, "select count(*) from ledger_entry e join ledger_transfer t"
                    + " using (transfer_id) where t.status <> 'APPLIED'");
            invariants.add(new Invariant("duplicate effects", unasked + badPairs + entriesOfRejected
                    + Math.abs(entries - 2 * applied), 0, unasked + " transfers nobody sent, " + entries
                    + " ledger entries for " + applied + " applied transfers, " + badPairs
                    + " transfers whose entries are not one debit and one credit"));
            long total = number(db, "select sum(balance) from ledger_account");
            invariants.add(new Invariant("money created or destroyed", total - ChaosSoak.OPENING * soak.accounts.size(),
                    0, "sum of balances " + total + ", opened with " + ChaosSoak.OPENING * soak.accounts.size()));
            invariants.add(new Invariant("balances that disagree with their entries", number(db,
                    "select count(*) from ledger_account a where balance <> opening_balance + coalesce((select"
                            + " sum(amount) from ledger_entry e where e.account_id = a.id), 0)"), 0, ""));

            // Dead letters: exactly the poison, each once, with its reason and attempts.
            long wrongly = deadLetters.keySet().stream().filter(id -> !soak.poison.containsKey(id)).count();
            invariants.add(new Invariant("wrongly dead-lettered", wrongly, 0, wrongly == 0 ? ""
                    : "e.g. " + deadLetters.entrySet().stream().filter(e -> !soak.poison.containsKey(e.getKey()))
                            .limit(3).map(e -> e.getKey() + " " + e.getValue()[0]).toList()));
            List<String> wrongReason = soak.poison.entrySet().stream()
                    .filter(p -> deadLetters.containsKey(p.getKey()) && !expectedDeadLetter(p.getValue(),
                            deadLetters.get(p.getKey())))
                    .map(p -> p.getKey() + " sent as " + p.getValue() + ", dead-lettered "
                            + String.join("/", deadLetters.get(p.getKey())))
                    .toList();
            invariants.add(new Invariant("poison with a wrong reason or attempt count", wrongReason.size(), 0,
                    wrongReason.isEmpty() ? "" : "e.g. " + wrongReason.subList(0, Math.min(3, wrongReason.size()))));
            invariants.add(new Invariant("dead letters = poison sent", number(db,
                    "select count(*) from steadfast_dead_letter"), soak.poison.size(), ""));

            // stuck = 0.
            long stuck = soak.broker.depth(ChaosSoak.TRANSFERS) + soak.broker.depth(ChaosSoak.EVENTS)
                    + number(db, "select count(*) from steadfast_outbox where published_at is null");
            invariants.add(new Invariant("stuck (queues, deliveries, outbox pending)", stuck, 0, ""));
            invariants.add(new Invariant("on the broker's own dead-letter queue", soak.broker.depth("DLQ"), 0, ""));
            invariants.add(new Invariant("drained within " + soak.settings.drainLimit().toSeconds()
                    + " s of healing", soak.drainedAt > 0 ? 1 : 0, 1, ""));

            // Notifications: one per decided transfer, each delivered.
            invariants.add(new Invariant("notifications = transfers decided", number(db,
                    "select count(*) from ledger_notification"), rows.size(), ""));
            invariants.add(new Invariant("notifications not delivered", number(db,
                    "select count(*) from ledger_notification where status <> 'DONE'"), 0, ""));

            // Idempotent HTTP: effects = distinct keys, every replay identical.
            List<SoakHttp.Key> keys = soak.http.keys();
            long answered = keys.stream().filter(k -> k.transferId != null).count();
            long keyEffects = keys.stream().filter(k -> k.transferId != null && rows.containsKey(k.transferId))
                    .count();
            invariants.add(new Invariant("HTTP keys without a 202", keys.size() - answered, 0, ""));
            invariants.add(new Invariant("HTTP effects = distinct keys", keyEffects, answered, ""));
            invariants.add(new Invariant("HTTP idempotency records = distinct keys", number(db,
                    "select count(*) from steadfast_idempotency where status = 'COMPLETED'"), answered, ""));
            invariants.add(new Invariant("HTTP replays that differ from the first answer", soak.http.mismatches(), 0,
                    ""));

            // Proof that the faults landed.
            long hitOpen = soak.faults.stream().filter(f -> f.kind().equals("service SIGKILL")
                    && f.detail().matches("[1-9]\\d* open transactions.*")).count();
            long dropped = soak.services.counted("steadfast_inbox_duplicates_total");
            invariants.add(new Invariant("service kills that hit an open transaction (at least one)",
                    hitOpen > 0 ? 1 : 0, 1, hitOpen + " kills"));
            invariants.add(new Invariant("duplicates dropped by the inbox (at least one)", dropped > 0 ? 1 : 0, 1,
                    dropped + " dropped"));

            figures(figures, rows, keys, applied, hitOpen, dropped);
            return new SoakChecker.Outcome(invariants, figures, effectsPerSecond(rows), List.copyOf(soak.faults),
                    secondsOf(soak.sentPerSecond));
        }
    }

    private void figures(Map<String, String> figures, Map<String, long[]> rows, List<SoakHttp.Key> keys,
            long applied, long hitOpen, long dropped) {
        SoakSettings s = soak.settings;
        figures.put("seed", String.valueOf(s.seed()));
        figures.put("load", String.format("%d AMQP messages at %d/s (%d poison, %d duplicates re-sent), %d HTTP keys",
                s.messages(), s.rate(), soak.poison.size(), soak.duplicatesConfirmed.get(), keys.size()));
        figures.put("load phase", seconds(soak.loadEndedAt - soak.startedAt));
        figures.put("healed to drained", soak.drainedAt > 0 ? seconds(soak.drainedAt - soak.healedAt) : "not drained");
        figures.put("transfers decided", rows.size() + " (" + applied + " applied, " + (rows.size() - applied)
                + " rejected for funds)");
        Map<String, Long> kinds = new java.util.TreeMap<>();
        soak.faults.stream().filter(f -> !List.of("healed", "drained", "not drained").contains(f.kind()))
                .forEach(f -> kinds.merge(f.kind(), 1L, Long::sum));
        figures.put("faults", kinds.toString());
        figures.put("service kills with open transactions", String.valueOf(hitOpen));
        figures.put("service kills skipped (victim up < " + s.minimumUptime().toSeconds() + " s, or the other instance down)",
                String.valueOf(soak.killsSkipped.get()));
        figures.put("service restarts", String.valueOf(soak.services.restarts()));
        figures.put("producer re-sends (unconfirmed sends repeated)", String.valueOf(soak.producer.resends()));
        figures.put("duplicates dropped by the inbox (at least)", String.valueOf(dropped));
        figures.put("attempts cut off by a crash (at least)",
                String.valueOf(soak.services.counted("steadfast_attempts_cut_off_total")));
        figures.put("deliveries handed back (at least)",
                String.valueOf(soak.services.counted("steadfast_messages_released_total")));
        figures.put("retries (at least)", String.valueOf(soak.services.counted("steadfast_retries_total")));
        figures.put("HTTP keys retried concurrently", String.valueOf(keys.stream().filter(k -> k.concurrent).count()));
        figures.put("HTTP keys retried across a kill of the instance first asked",
                String.valueOf(keys.stream().filter(k -> k.acrossKill).count()));
        List<Long> amqp = new ArrayList<>();
        soak.transfers.forEach((id, sent) -> {
            long[] row = rows.get(id);
            if (row != null) {
                amqp.add(row[1] - sent.firstAttemptAt);
            }
        });
        figures.put("time to effect, AMQP (first send to commit)", percentiles(amqp));
        List<Long> viaHttp = new ArrayList<>();
        keys.forEach(k -> {
            long[] row = k.transferId == null ? null : rows.get(k.transferId);
            if (row != null) {
                viaHttp.add(row[1] - k.firstAttemptAt);
            }
        });
        figures.put("time to effect, HTTP (first request to commit)", percentiles(viaHttp));
    }

    /**
     * The reason the poison was made for, from the transfer consumer, and its attempts: none for a message refused
     * at intake (too large: never run), at least one for a message its handler refused.
     */
    private static boolean expectedDeadLetter(String sentAs, String[] deadLetter) {
        long attempts = Long.parseLong(deadLetter[1]);
        return sentAs.equals(deadLetter[0]) && "ledger-transfers".equals(deadLetter[2])
                && (sentAs.equals("too-large") ? attempts == 0 : attempts >= 1);
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return String.format("p50 %d ms, p99 %d ms, max %d ms (%d transfers)", at(sorted, 0.50), at(sorted, 0.99),
                sorted.get(sorted.size() - 1), sorted.size());
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    private Map<Long, Integer> effectsPerSecond(Map<String, long[]> rows) {
        Map<Long, Integer> perSecond = new java.util.TreeMap<>();
        rows.values().forEach(r -> perSecond.merge(Math.max(0, (r[1] - soak.startedAt) / 1000), 1, Integer::sum));
        return perSecond;
    }

    private static Map<Long, Integer> secondsOf(Map<Long, java.util.concurrent.atomic.AtomicInteger> counts) {
        Map<Long, Integer> copy = new java.util.TreeMap<>();
        counts.forEach((second, count) -> copy.put(second, count.get()));
        return copy;
    }

    /** The transfers the broker or the HTTP API confirmed, which must each have an effect. */
    private Set<String> expectedEffects() {
        Set<String> expected = new HashSet<>();
        soak.transfers.forEach((id, sent) -> {
            if (sent.confirmedAt > 0) {
                expected.add(id);
            }
        });
        soak.http.keys().forEach(k -> {
            if (k.transferId != null) {
                expected.add(k.transferId);
            }
        });
        return expected;
    }

    /** transfer id → {1 if applied else 0, created_at in epoch ms}. */
    private static Map<String, long[]> transferIds(Connection db) throws SQLException {
        Map<String, long[]> rows = new HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(
                "select transfer_id::text, status = 'APPLIED', (extract(epoch from created_at) * 1000)::bigint"
                        + " from ledger_transfer")) {
            while (result.next()) {
                rows.put(result.getString(1), new long[] { result.getBoolean(2) ? 1 : 0, result.getLong(3) });
            }
        }
        return rows;
    }

    /** message id → {reason, attempts}, over every consumer. */
    private static Map<String, String[]> deadLetters(Connection db) throws SQLException {
        Map<String, String[]> rows = new HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(
                "select coalesce(message_id, '(none) ' || id), reason, attempts, consumer from steadfast_dead_letter")) {
            while (result.next()) {
                rows.put(result.getString(1), new String[] { result.getString(2), result.getString(3),
                        result.getString(4) });
            }
        }
        return rows;
    }

    private static long number(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(soak.postgres.jdbcUrl(ChaosSoak.DATABASE), SoakPostgres.USER, "");
    }
}
