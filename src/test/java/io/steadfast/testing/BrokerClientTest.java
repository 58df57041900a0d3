package io.steadfast.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** For tests that send straight to the embedded broker: a client connected for each test, closed after it. */
public abstract class BrokerClientTest {

    protected AmqpTestClient broker;

    @BeforeEach
    void connectBroker() {
        broker = AmqpTestClient.connect(Faults.brokerPort());
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }
}
