package io.steadfast.testing.brokers;

import java.util.List;
import java.util.Map;

/** A real AMQP 1.0 broker a test runs the service against, with the controls the conformance tests need. */
public interface TestBroker extends AutoCloseable {

    /** Starts the broker (again) and returns once it accepts connections. */
    void start();

    /** Stops it the hard way its kind allows (SIGKILL for a process of its own) and restarts it with its data. */
    void restart();

    /** Makes these queues exist, durable, empty and point-to-point. */
    void declare(List<String> queues);

    /**
     * Makes {@code topic} deliver each message to every one of {@code subscriptions}. On Artemis the service declares
     * these itself at start-up (multicast queues of the topic's address), so nothing is done here by default.
     */
    default void declareTopic(String topic, List<String> subscriptions) {
    }

    /** Messages in the queue, ready or delivered and not yet settled; 0 for a queue that does not exist. */
    long depth(String queue);

    int port();

    /** The configuration that points the service at this broker (port aside: tests go through a fault proxy). */
    Map<String, String> serviceConfig();

    /** The address a plain AMQP client uses for {@code queue} on this broker. */
    String address(String queue);

    String username();

    String password();

    @Override
    void close();
}
