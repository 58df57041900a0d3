package io.steadfast.testing.brokers;

public class BrokerControl implements BrokerControlMBean {

    private final String kind;
    private final TestBroker broker;

    public BrokerControl(String kind, TestBroker broker) {
        this.kind = kind;
        this.broker = broker;
    }

    @Override
    public String getKind() {
        return kind;
    }

    @Override
    public int getPort() {
        return broker.port();
    }

    @Override
    public String getUsername() {
        return broker.username();
    }

    @Override
    public String getPassword() {
        return broker.password();
    }

    @Override
    public void restart() {
        broker.restart();
    }

    @Override
    public long depth(String queue) {
        return broker.depth(queue);
    }

    @Override
    public String address(String queue) {
        return broker.address(queue);
    }
}
