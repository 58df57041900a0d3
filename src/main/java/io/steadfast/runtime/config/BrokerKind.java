package io.steadfast.runtime.config;

/**
 * The AMQP 1.0 broker Steadfast talks to. It decides how a queue name in the configuration and in outgoing messages
 * becomes a broker address, and what Steadfast may set up on the broker at start-up.
 */
public enum BrokerKind {

    /** ActiveMQ Artemis: the queue name is the address; queues are declared durable and anycast at start-up. */
    ARTEMIS,

    /**
     * RabbitMQ 3.x with the {@code rabbitmq_amqp1_0} plugin: queue {@code q} is addressed as {@code /amq/queue/q}
     * (an existing, durable queue). The plain {@code q} or {@code /queue/q} would make RabbitMQ declare a
     * non-durable queue of that name. Queues are not declared by Steadfast: provision them (docs/brokers.md).
     */
    RABBITMQ,

    /** Any other AMQP 1.0 broker: addresses are used as written; nothing is declared. */
    GENERIC
}
