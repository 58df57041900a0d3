package io.steadfast.testing.brokers;

import java.util.Map;

/** What every ActiveMQ Artemis under test has in common: anonymous AMQP on a loopback port, queues named as-is. */
abstract class ArtemisBroker implements TestBroker {

    protected final int port;

    ArtemisBroker(int port) {
        this.port = port;
    }

    @Override
    public long depth(String queue) {
        return ArtemisManagement.messageCount(port, queue);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Map<String, String> serviceConfig() {
        return Map.of("steadfast.broker.kind", "artemis");
    }

    @Override
    public String address(String queue) {
        return queue;
    }

    @Override
    public String username() {
        return null;
    }

    @Override
    public String password() {
        return null;
    }
}
