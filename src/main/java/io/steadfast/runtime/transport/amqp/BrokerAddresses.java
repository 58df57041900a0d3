package io.steadfast.runtime.transport.amqp;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.steadfast.runtime.config.BrokerKind;
import io.steadfast.runtime.config.SteadfastConfig;

/**
 * Turns a name (a queue, or a topic from {@code steadfast.topics}, as channels and outgoing messages name them) into
 * its address on the broker.
 * <ul>
 * <li>ActiveMQ Artemis: a queue is its own address; a topic's subscription queue is consumed by its fully qualified
 * name {@code topic::queue}; a message sent to the topic reaches every subscription.</li>
 * <li>RabbitMQ: a queue is {@code /amq/queue/<queue>}; a topic is the fanout exchange {@code /exchange/<topic>}
 * with the subscriptions bound to it.</li>
 * </ul>
 */
final class BrokerAddresses {

    static final String RABBITMQ_QUEUE_PREFIX = "/amq/queue/";
    static final String RABBITMQ_EXCHANGE_PREFIX = "/exchange/";

    private BrokerAddresses() {
    }

    /**
     * The broker address of a queue or topic named in the configuration or an outgoing message, with the service's
     * address prefix ({@code steadfast.broker.address-prefix}) and topics.
     */
    static String of(SteadfastConfig config, String name, Map<String, List<String>> topics) {
        return of(config.broker().kind(), prefixed(config, name), topics);
    }

    /** {@code name} with the service's address prefix, unless it has it already or is a broker address. */
    static String prefixed(SteadfastConfig config, String name) {
        return prefixed(config.broker().addressPrefix().orElse(""), name);
    }

    static String prefixed(String prefix, String name) {
        return name.startsWith("/") || name.startsWith(prefix) ? name : prefix + name;
    }

    /** The broker address of a queue; an address starting with {@code /} is already a broker address. */
    static String of(BrokerKind kind, String queue) {
        return of(kind, queue, Map.of());
    }

    /** The broker address of a queue or topic, given the topics and their subscriptions. */
    static String of(BrokerKind kind, String name, Map<String, List<String>> topics) {
        if (name.startsWith("/")) {
            return name;
        }
        return switch (kind) {
            case RABBITMQ -> topics.containsKey(name) ? RABBITMQ_EXCHANGE_PREFIX + name : RABBITMQ_QUEUE_PREFIX + name;
            case ARTEMIS -> {
                String topic = topicOf(name, topics);
                yield topic == null ? name : topic + "::" + name;
            }
            default -> name;
        };
    }

    /** The topic a queue subscribes to, or {@code null} for a plain queue. */
    static String topicOf(String queue, Map<String, List<String>> topics) {
        for (Map.Entry<String, List<String>> topic : topics.entrySet()) {
            if (topic.getValue().contains(queue)) {
                return topic.getKey();
            }
        }
        return null;
    }

    /** {@code steadfast.topics} as topic to subscription queues, each name with the service's address prefix. */
    static Map<String, List<String>> topics(SteadfastConfig config) {
        Map<String, List<String>> topics = new TreeMap<>();
        config.topics().forEach((topic, settings) -> topics.put(prefixed(config, topic),
                settings.subscriptions().stream().map(queue -> prefixed(config, queue)).toList()));
        return topics;
    }
}
