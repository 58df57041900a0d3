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
    private static final String DELIVER = "update ledger_notification set status = 'DONE', done_at = now()"
            + " where transfer_id in (select transfer_id from ledger_notification where status = 'INIT'"
            + " order by created_at limit 500 for update skip locked) returning transfer_id, event_type";

    @Inject
    Pool pool;

    @Inject
    JobTicks ticks;

    @Scheduled(identity = "notification-delivery", every = "${ledger.notifications.delivery-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliver() {
        return ticks.run("notification-delivery", () -> pool.query(DELIVER).execute().invoke(rows -> rows.forEach(
                row -> LOG.debugf("Notified %s of transfer %s", row.getString("event_type"),
                        row.getUUID("transfer_id")))));
    }
}
