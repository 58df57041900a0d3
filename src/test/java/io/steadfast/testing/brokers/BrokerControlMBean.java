package io.steadfast.testing.brokers;

/** JMX view of the {@link TestBroker} the test resource started: reachable from any class loader of the test JVM. */
public interface BrokerControlMBean {

    String getKind();

    int getPort();

    String getUsername();

    String getPassword();

    void restart();

    long depth(String queue);

    String address(String queue);
}
