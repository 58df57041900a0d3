package io.steadfast.ledger;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Delivers recorded notifications and marks them DONE. The reference domain's delivery is a log line; a real one
 * (an e-mail, a push) would go between the claim and the mark, and a crash there leaves the row INIT, to be
 * delivered again: at least once, visible to a reader until it is done.
 */
@ApplicationScoped
public class NotificationDelivery {

    private static final Logger LOG = Logger.getLogger(NotificationDelivery.class);
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final String DELIVER = "update ledger_notification set status = 'DONE', done_at = now()"
            + " where transfer_id in (select transfer_id from ledger_notification where status = 'INIT'"
            + " order by created_at limit 500 for update skip locked) returning transfer_id, event_type";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private long timer = -1;

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> deliver());
    }

    private void deliver() {
        pool.query(DELIVER).execute().subscribe().with(
                rows -> rows.forEach(row -> LOG.debugf("Notified %s of transfer %s", row.getString("event_type"),
                        row.getUUID("transfer_id"))),
                failure -> LOG.debugf("Notification delivery round failed: %s", failure));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
