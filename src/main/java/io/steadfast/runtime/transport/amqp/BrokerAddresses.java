package io.steadfast.runtime.transport.amqp;

import io.steadfast.runtime.config.BrokerKind;

/** Turns a queue name (as channels and outgoing messages name it) into the address of that queue on the broker. */
final class BrokerAddresses {

    static final String RABBITMQ_QUEUE_PREFIX = "/amq/queue/";

    private BrokerAddresses() {
    }

    /** The broker address of {@code queue}; an address starting with {@code /} is already a broker address. */
    static String of(BrokerKind kind, String queue) {
        if (queue.startsWith("/") || kind != BrokerKind.RABBITMQ) {
            return queue;
        }
        return RABBITMQ_QUEUE_PREFIX + queue;
    }
}
