package io.steadfast.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one chaos soak sends and which faults it injects, from {@code soak.*} system properties (defaults: the short
 * run CI does). The faults are spread over the load phase, whose length is {@code messages / rate}.
 *
 * @param messages transfers sent over AMQP (poison and re-sent duplicates included)
 * @param rate messages per second the load generator aims at
 * @param httpKeys transfers submitted over HTTP with an Idempotency-Key, each retried
 * @param poisonPercent share of the AMQP messages that are poison (malformed, invalid, oversized in turn)
 * @param duplicates messages re-sent with an id and body already confirmed by the broker
 * @param accounts accounts the transfers move money between
 * @param seed the random seed: the same seed sends the same messages and schedules the same faults
 * @param serviceKillEvery the interval between two SIGKILLs of a service instance (alternating)
 * @param minimumUptime how long an instance has been ready before it may be killed again; a kill is skipped unless
 *        its victim has been up that long and the other instance is up (rolling kills, so that the survivor takes
 *        over the victim's deliveries): on two busy cores the service takes 10 s or more to start
 * @param brokerKills broker SIGKILLs (each followed by a restart on the same journal)
 * @param databaseCrashes PostgreSQL immediate stops (each followed by a start and crash recovery)
 * @param freezes SIGSTOPs of an instance for longer than the broker's AMQP idle timeout, then SIGCONT
 * @param cuts cuts of every connection through the fault proxies (every other one refuses new ones for a while)
 * @param drainLimit how long after healing queues, deliveries and outbox may take to empty
 * @param output where the report, the plot and the processes' logs go
 */
record SoakSettings(int messages, int rate, int httpKeys, double poisonPercent, int duplicates, int accounts,
        long seed, Duration serviceKillEvery, Duration minimumUptime, int brokerKills, int databaseCrashes, int freezes, int cuts,
        Duration drainLimit, Path output) {

    /** The broker's AMQP idle timeout in the soak; a freeze lasts twice as long. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    static SoakSettings fromSystemProperties() {
        int messages = integer("soak.messages", 3_600);
        int rate = integer("soak.rate", 20);
        long loadSeconds = Math.max(1, messages / rate);
        return new SoakSettings(messages, rate,
                integer("soak.http-keys", Math.max(20, messages / 20)),
                Double.parseDouble(System.getProperty("soak.poison-percent", "1")),
                integer("soak.duplicates", Math.min(1_000, messages / 10)),
                integer("soak.accounts", 50),
                Long.parseLong(System.getProperty("soak.seed", String.valueOf(System.currentTimeMillis()))),
                Duration.ofSeconds(integer("soak.service-kill-every", 8)),
                Duration.ofSeconds(integer("soak.minimum-uptime", 10)),
                integer("soak.broker-kills", (int) Math.max(1, loadSeconds / 300)),
                integer("soak.database-crashes", (int) Math.max(1, loadSeconds / 450)),
                integer("soak.freezes", (int) Math.max(1, loadSeconds / 300)),
                integer("soak.cuts", (int) Math.max(2, loadSeconds / 60)),
                Duration.ofSeconds(integer("soak.drain-limit", 60)),
                Path.of(System.getProperty("soak.output", "target/soak")));
    }

    Duration load() {
        return Duration.ofMillis(messages * 1000L / rate);
    }

    private static int integer(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
