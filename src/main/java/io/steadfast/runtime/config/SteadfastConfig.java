package io.steadfast.runtime.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithName;

/**
 * Every Steadfast setting, under the {@code steadfast.} prefix. Channel settings stay under
 * {@code mp.messaging.*}; immediate-retry settings are the handlers' MicroProfile Fault Tolerance keys.
 */
@ConfigMapping(prefix = "steadfast")
public interface SteadfastConfig {

    /** Per-channel consumer settings, keyed by the incoming channel name; absent channels get the defaults. */
    @WithDefaults
    Map<String, Consumer> consumers();

    /** How the consumers wait out an unreachable database. */
    Infrastructure infrastructure();

    /** Graceful shutdown of the consumers. */
    Shutdown shutdown();

    /** How long the inbox remembers processed messages. */
    Inbox inbox();

    /** The transactional outbox and its relay. */
    Outbox outbox();

    /** HTTP Idempotency-Key records. */
    Idempotency idempotency();

    /** Limits on HTTP requests, beyond Quarkus's own {@code quarkus.http.limits.*}. */
    Http http();

    /** Settings for testing the packaged service; none has an effect unless set. */
    Testing testing();

    /**
     * Start, then exit at once: a training run for the JVM's AOT cache ({@code -XX:AOTCacheOutput}, JDK 25) or
     * AppCDS archive ({@code -XX:ArchiveClassesAtExit}), e.g. while building a container image. Needs neither
     * database nor broker when {@code quarkus.flyway.migrate-at-start} and {@code steadfast.broker.declare-queues}
     * are false as well.
     */
    @WithName("training-run")
    @WithDefault("false")
    boolean trainingRun();

    /**
     * Apply the Flyway migrations and exit (status 0, or 1 when they fail) before anything else starts (no broker
     * connection, no consumer): the init container of {@code deploy/}, run with the schema owner's credentials.
     * Quarkus's own {@code quarkus.init-and-exit} does the same but waits out a 5 s latch before exiting.
     */
    @WithName("migrate-and-exit")
    @WithDefault("false")
    boolean migrateAndExit();

    /** What Steadfast sets up on the broker at start-up. */
    Broker broker();

    /**
     * Fan-out addresses (topics), keyed by the address messages are sent to, each with the queues subscribed to it
     * (one per consumer that must see every message). See docs/brokers.md for each broker.
     */
    Map<String, Topic> topics();

    /** Saga deadlines. */
    Sagas sagas();

    /** The ActiveMQ Artemis broker started inside the process for dev mode and tests. */
    @WithName("embedded-broker")
    EmbeddedBroker embeddedBroker();

    /**
     * Dev mode only: create the database named by {@code quarkus.datasource.jdbc.url} ({@code steadfast_dev}) on
     * first start when it does not exist, connecting to the server's {@code postgres} database as the datasource's
     * user. Has no effect in tests or in production.
     */
    @WithName("dev-database.create")
    @WithDefault("true")
    boolean createDevDatabase();

    interface Consumer {
        /** Consumer name used as the inbox and dead-letter key; defaults to the channel name. */
        Optional<String> name();

        /** Deliveries processed at the same time by this instance (the in-flight bound). */
        @WithDefault("16")
        int concurrency();

        /**
         * Application property carrying the partition key when a message has no AMQP group-id. Messages with the
         * same key are never processed at the same time; messages without a key run in parallel.
         */
        @WithName("partition-key-property")
        Optional<String> partitionKeyProperty();

        /**
         * How long a failed delivery is held in this process before it is handed back for redelivery, doubling
         * with each redelivery up to {@code redelivery-max-delay}. Held here, not by the broker, because not every
         * broker delays redeliveries (RabbitMQ redelivers at once, Artemis only when configured to).
         */
        @WithName("redelivery-delay")
        @WithDefault("1s")
        Duration redeliveryDelay();

        /** Longest hold before a redelivery. */
        @WithName("redelivery-max-delay")
        @WithDefault("30s")
        Duration redeliveryMaxDelay();

        /** Attempts in all (immediate retries and redeliveries) before a message is dead-lettered. */
        @WithName("attempt-budget")
        @WithDefault("10")
        int attemptBudget();

        /**
         * Times a message may take the process down while running alone before it is dead-lettered
         * ({@code crash-loop}) instead of run again. An attempt cut off by a crash makes its message run alone in
         * its process next time; only crashes during such a lone run are charged to the message, since any of the
         * attempts in flight may have caused the others. 0 stops tracking started attempts (one write less per
         * message; a message that kills the process then restarts it for ever).
         */
        @WithName("crash-budget")
        @WithDefault("2")
        int crashBudget();

        /** Largest message body taken; a larger one is dead-lettered ({@code too-large}) without being parsed. */
        @WithName("max-body-size")
        @WithDefault("1M")
        MemorySize maxBodySize();

        /** Most application properties a message may carry; more is dead-lettered ({@code too-many-properties}). */
        @WithName("max-properties")
        @WithDefault("256")
        int maxProperties();

        /** Several deliveries in one transaction; off unless the handler has a batch path and size is above 1. */
        Batch batch();
    }

    interface Batch {
        /**
         * Most deliveries committed in one transaction. 1 (the default) is one transaction per message. Above 1,
         * a handler implementing {@code BatchHandler} gets up to this many messages at once, each with its own
         * inbox row; a failing batch is split until the failing message is alone. Effective size is at most the
         * consumer's {@code concurrency}.
         */
        @WithDefault("1")
        int size();

        /** Longest a delivery waits for a batch to fill before the batch runs with what it has. */
        @WithName("max-wait")
        @WithDefault("5ms")
        Duration maxWait();
    }

    interface Inbox {
        /**
         * How long the inbox remembers a processed message: a copy arriving within this time is recognised as a
         * duplicate. Rows are kept between one and two retentions (they leave a generation at a time). Unset: the
         * smallest safe value, the longest of {@code duplicate-horizon} and every consumer's attempt span
         * ({@code attempt-budget} times {@code redelivery-max-delay}). Set lower than that, Steadfast warns at
         * start-up.
         */
        Optional<Duration> retention();

        /**
         * How long after a message was processed another copy of it may still arrive for reasons outside
         * Steadfast's control: a producer sending again after a lost confirmation, a broker redelivering a delivery
         * whose accept was lost, an operator re-sending from a backup.
         */
        @WithName("duplicate-horizon")
        @WithDefault("7d")
        Duration duplicateHorizon();

        /** How often an instance checks whether a new inbox generation is due or an old one has expired. */
        @WithName("rotate-interval")
        @WithDefault("5m")
        Duration rotateInterval();
    }

    interface Outbox {
        /** Run the relay in this instance (several instances share the work). */
        @WithName("relay-enabled")
        @WithDefault("true")
        boolean relayEnabled();

        /** Rows claimed and sent per relay round. */
        @WithName("batch-size")
        @WithDefault("100")
        int batchSize();

        /** Fallback wake-up of the relay, should a NOTIFY be missed; also how often the lag metrics refresh. */
        @WithName("poll-interval")
        @WithDefault("1s")
        Duration pollInterval();

        /** How long published rows are kept before they are pruned. */
        @WithDefault("24h")
        Duration retention();

        /** How often published rows older than the retention are pruned. */
        @WithName("prune-interval")
        @WithDefault("1m")
        Duration pruneInterval();
    }

    interface Idempotency {
        /** How long a key is remembered; a key used again after this is a new request. */
        @WithDefault("24h")
        Duration retention();

        /**
         * How long a request may hold its key in flight; a retry after this takes the key over (and the resource id
         * the first request chose), so a request that died does not block its key until it expires.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often expired keys are deleted. */
        @WithName("prune-interval")
        @WithDefault("1m")
        Duration pruneInterval();
    }

    interface Http {
        /**
         * Most bytes of request headers (names and values) accepted; more is refused with 431
         * {@code headers-too-large}.
         */
        @WithName("max-header-size")
        @WithDefault("16K")
        MemorySize maxHeaderSize();
    }

    interface Testing {
        /**
         * Halt the JVM, without shutdown hooks, the first time this crash point is reached: {@code after-commit},
         * {@code during-attempt}, {@code after-outbox-insert}, {@code after-outbox-accept} or
         * {@code after-idempotency-commit}. Only for crash-recovery tests.
         */
        @WithName("crash-point")
        Optional<String> crashPoint();

        /** Only this message reaches {@code during-attempt}, each time it is attempted (a process-killing poison). */
        @WithName("crash-message-id")
        Optional<String> crashMessageId();
    }

    interface Broker {
        /**
         * The broker on the other end: {@code artemis}, {@code rabbitmq} or {@code generic}. Queue names in channel
         * addresses and outgoing messages are mapped to this broker's addresses (an address starting with
         * {@code /} is always used as written).
         */
        @WithDefault("artemis")
        BrokerKind kind();

        /**
         * On ActiveMQ Artemis, declare the queue of every AMQP consumer channel at start-up as durable, anycast and
         * never auto-deleted, so messages sent while no consumer is attached are kept whatever the broker's
         * defaults for new addresses. Needs the manage permission; ignored on other brokers.
         */
        @WithName("declare-queues")
        @WithDefault("true")
        boolean declareQueues();

        /** How long start-up waits for the broker to answer the declarations before going on without them. */
        @WithName("declare-timeout")
        @WithDefault("10s")
        Duration declareTimeout();

        /**
         * The virtual host every connection of the service opens (consumers, the outbox sender, saga replies, the
         * declarations): on RabbitMQ the vhost, sent as {@code vhost:<name>} in the AMQP open frame; on other
         * brokers the open frame's host name. None: the broker's default ({@code /} on RabbitMQ). A channel's own
         * {@code mp.messaging.incoming.<channel>.virtual-host} takes precedence for that channel.
         */
        @WithName("virtual-host")
        Optional<String> virtualHost();

        /**
         * Put before every queue and topic name the service consumes from, sends to or declares (for example
         * {@code tenant-a.}: {@code ledger.transfers} becomes {@code tenant-a.ledger.transfers}), so that two
         * deployments sharing one broker never take each other's messages. A name that already starts with it, or
         * an address starting with {@code /}, is used as it is.
         */
        @WithName("address-prefix")
        Optional<String> addressPrefix();
    }

    interface Topic {
        /**
         * The subscribed queues. Artemis: declared at start-up as multicast queues of the topic's address, consumed
         * as {@code topic::queue}. RabbitMQ: the topic is a fanout exchange with these queues bound to it.
         */
        java.util.List<String> subscriptions();
    }

    interface Sagas {
        /** Fire saga deadlines in this instance. */
        @WithDefault("true")
        boolean enabled();

        /** How often due deadlines are looked for: a timed-out step is noticed at most this much late. */
        @WithName("deadline-poll-interval")
        @WithDefault("1s")
        Duration deadlinePollInterval();

        /** Most deadlines fired per poll. */
        @WithName("deadline-batch")
        @WithDefault("100")
        int deadlineBatch();
    }

    interface Infrastructure {
        /** First wait before probing the database again after a consumer paused. */
        @WithName("probe-initial-delay")
        @WithDefault("500ms")
        Duration probeInitialDelay();

        /** Longest wait between two probes; the wait doubles from the initial delay up to this. */
        @WithName("probe-max-delay")
        @WithDefault("5s")
        Duration probeMaxDelay();
    }

    interface Shutdown {
        /** How long shutdown waits for in-flight deliveries to commit before handing the rest back. */
        @WithName("drain-timeout")
        @WithDefault("20s")
        Duration drainTimeout();
    }

    interface EmbeddedBroker {
        /** Start an embedded ActiveMQ Artemis (AMQP only). On in dev mode and tests, off in production. */
        @WithDefault("false")
        boolean enabled();

        /** Loopback port of the embedded broker's AMQP acceptor (5672 is usually taken by a real broker). */
        @WithDefault("5673")
        int port();

        /** Keep messages in a journal on disk so they survive a restart. */
        @WithDefault("true")
        boolean persistent();

        /** Journal, bindings and paging directory. */
        @WithName("data-directory")
        @WithDefault("target/artemis-data")
        String dataDirectory();

        /** Delay before the broker redelivers a message handed back as failed. */
        @WithName("redelivery-delay")
        @WithDefault("1s")
        Duration redeliveryDelay();

        /** Addresses created at start as durable anycast queues, so nothing sent before a consumer is lost. */
        Optional<java.util.List<String>> queues();
    }
}
