package io.steadfast.ledger;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The reference domain's settings, under {@code ledger.}. */
@ConfigMapping(prefix = "ledger")
public interface LedgerConfig {

    /** How {@code POST /transfers} hands the command to the ledger. */
    @WithName("http-mode")
    @WithDefault("outbox")
    HttpMode httpMode();

    /** Listen-to-yourself: how long to wait for the broker's accept before answering 503. */
    @WithName("send-timeout")
    @WithDefault("5s")
    Duration sendTimeout();

    /** How often notifications are delivered (the notifier's outbox of its own); at least 1s (the scheduler's tick). */
    @WithName("notifications.delivery-interval")
    @WithDefault("1s")
    Duration notificationDeliveryInterval();

    enum HttpMode {
        /** Store the key's response and the command's outbox row in one transaction; the relay publishes it. */
        OUTBOX,
        /** Publish the command and wait for the broker's accept; the service's own consumer applies it. */
        LISTEN_TO_YOURSELF
    }
}
