package io.steadfast.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.steadfast.testing.brokers.Brokers;

/** For tests that send straight to the broker in use: a client connected for each test, closed after it. */
public abstract class BrokerClientTest {

    protected AmqpTestClient broker;

    @BeforeEach
    void connectBroker() {
        broker = Brokers.client();
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }
}
