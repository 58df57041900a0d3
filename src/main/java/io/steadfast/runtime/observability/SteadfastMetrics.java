package io.steadfast.runtime.observability;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every metric Steadfast publishes. Dotted names, counters end in {@code .total}, tags with few values
 * ({@code channel}, {@code reason}, {@code kind}).
 */
@ApplicationScoped
public class SteadfastMetrics {

    public static final String PROCESSED = "steadfast.messages.processed.total";
    public static final String DUPLICATES = "steadfast.inbox.duplicates.total";
    public static final String RETRIES = "steadfast.retries.total";
    public static final String DEAD_LETTERS = "steadfast.deadletter.total";
    public static final String RELEASED = "steadfast.messages.released.total";
    public static final String CUT_OFF = "steadfast.attempts.cut.off.total";
    public static final String IN_FLIGHT = "steadfast.messages.in.flight";
    public static final String PAUSED = "steadfast.consumer.paused";
    public static final String OUTBOX_PUBLISHED = "steadfast.outbox.published.total";
    public static final String OUTBOX_PENDING = "steadfast.outbox.pending";
    public static final String OUTBOX_LAG = "steadfast.outbox.lag.seconds";
    public static final String INBOX_GENERATIONS = "steadfast.inbox.generations";
    public static final String INBOX_OLDEST = "steadfast.inbox.oldest.generation.age.seconds";
    public static final String INBOX_ROTATIONS = "steadfast.inbox.rotations.total";
    public static final String BATCH_SIZE = "steadfast.batch.size";
    public static final String BATCH_SPLITS = "steadfast.batch.splits.total";
    public static final String SAGAS_OPEN = "steadfast.sagas.open";
    public static final String JOB_FAILURES = "steadfast.jobs.failures.total";

    @Inject
    MeterRegistry registry;

    /** A message's effects committed. */
    public void processed(String channel) {
        counter(PROCESSED, "channel", channel).increment();
    }

    /** A redelivered message was recognised by the inbox and accepted without running the handler. */
    public void duplicate(String channel) {
        counter(DUPLICATES, "channel", channel).increment();
    }

    /** A failed attempt will be tried again; kind is {@code immediate} or {@code delayed}. */
    public void retried(String channel, String kind) {
        Counter.builder(RETRIES).tag("channel", channel).tag("kind", kind).register(registry).increment();
    }

    public void deadLettered(String channel, String reason) {
        Counter.builder(DEAD_LETTERS).tag("channel", channel).tag("reason", reason).register(registry).increment();
    }

    /** A batch of {@code size} messages committed in one transaction. */
    public void batchCommitted(String channel, int size) {
        DistributionSummary.builder(BATCH_SIZE).tag("channel", channel).register(registry).record(size);
    }

    /** A batch failed and was split in two to isolate the message that failed it. */
    public void batchSplit(String channel) {
        counter(BATCH_SPLITS, "channel", channel).increment();
    }

    /** A message came back whose previous attempt the process did not survive; it now runs alone. */
    public void cutOff(String channel) {
        counter(CUT_OFF, "channel", channel).increment();
    }

    /** A delivery was handed back untouched (infrastructure down, or shutting down). */
    public void released(String channel) {
        counter(RELEASED, "channel", channel).increment();
    }

    public void inFlight(String channel, Supplier<Number> value) {
        Gauge.builder(IN_FLIGHT, value).tag("channel", channel).register(registry);
    }

    public void paused(String channel, Supplier<Number> value) {
        Gauge.builder(PAUSED, value).tag("channel", channel).register(registry);
    }

    /** Outbox rows the broker accepted and the relay marked published. */
    public void outboxPublished(int count) {
        Counter.builder(OUTBOX_PUBLISHED).register(registry).increment(count);
    }

    /** Unpublished outbox rows, and the age in seconds of the oldest one (0 when none). */
    public void outboxLag(Supplier<Number> pending, Supplier<Number> oldestAgeSeconds) {
        Gauge.builder(OUTBOX_PENDING, pending).register(registry);
        Gauge.builder(OUTBOX_LAG, oldestAgeSeconds).register(registry);
    }

    /** Sagas of a type not yet completed, by status ({@code RUNNING}, {@code NEEDS_ATTENTION}). */
    public void sagasOpen(String type, String status, Supplier<Number> count) {
        Gauge.builder(SAGAS_OPEN, count).tag("type", type).tag("status", status).register(registry);
    }

    /** Inbox generations kept, and how long ago the oldest one started. */
    public void inbox(Supplier<Number> generations, Supplier<Number> oldestAgeSeconds) {
        Gauge.builder(INBOX_GENERATIONS, generations).register(registry);
        Gauge.builder(INBOX_OLDEST, oldestAgeSeconds).register(registry);
    }

    /** What an inbox rotation did: {@code started}, {@code dropped} or {@code postponed} a generation. */
    public void inboxRotation(String action) {
        counter(INBOX_ROTATIONS, "action", action).increment();
    }

    /** A tick of a periodic job failed; it runs again on the next. */
    public void jobFailed(String job) {
        counter(JOB_FAILURES, "job", job).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return Counter.builder(name).tag(tag, value).register(registry);
    }
}
