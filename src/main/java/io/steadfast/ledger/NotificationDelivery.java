package io.steadfast.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.observability.JobTicks;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Delivers recorded notifications and marks them DONE. The reference domain's delivery is a log line; a real one
 * (an e-mail, a push) would go between the claim and the mark, and a crash there leaves the row INIT, to be
 * delivered again: at least once, visible to a reader until it is done. Runs every
 * {@code ledger.notifications.delivery-interval}.
 */
@ApplicationScoped
public class NotificationDelivery {

    private static final Logger LOG = Logger.getLogger(NotificationDelivery.class);
    private static final int ROUND = 500;
    private static final String DELIVER = "update ledger_notification set status = 'DONE', done_at = now()"
            + " where transfer_id in (select transfer_id from ledger_notification where status = 'INIT'"
            + " order by created_at limit " + ROUND + " for update skip locked) returning transfer_id, event_type";

    @Inject
    Pool pool;

    @Inject
    JobTicks ticks;

    /** Every {@code ledger.notifications.delivery-interval}: rounds of 500 until the recorded ones are delivered. */
    @Scheduled(identity = "notification-delivery", every = "${ledger.notifications.delivery-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliver() {
        return ticks.run("notification-delivery", this::drain);
    }

    // The scheduler ticks at most once a second: one round a tick would cap delivery at 500 a second.
    private Uni<Void> drain() {
        return pool.query(DELIVER).execute().chain(rows -> {
            rows.forEach(row -> LOG.debugf("Notified %s of transfer %s", row.getString("event_type"),
                    row.getUUID("transfer_id")));
            return rows.rowCount() < ROUND ? Uni.createFrom().voidItem() : drain();
        });
    }
}
