package io.steadfast.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real parts for every {@code @QuarkusTest}: a fresh PostgreSQL database reached through a fault proxy, and the
 * embedded Artemis reached through another, so tests can cut either connection at will.
 */
public class SteadfastTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "steadfast_test";

    private TcpProxy databaseProxy;
    private TcpProxy brokerProxy;

    @Override
    public Map<String, String> start() {
        TestDatabase.recreate(DATABASE);
        int brokerPort = FreePorts.next();
        databaseProxy = TcpProxy.start(TestDatabase.HOST, TestDatabase.PORT);
        brokerProxy = TcpProxy.start("127.0.0.1", brokerPort);
        Faults.publish(databaseProxy, brokerProxy, brokerPort);
        return Map.of(
                "steadfast.embedded-broker.port", String.valueOf(brokerPort),
                "amqp-host", "127.0.0.1",
                "amqp-port", String.valueOf(brokerProxy.port()),
                "quarkus.datasource.username", TestDatabase.USER,
                "quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(DATABASE),
                "quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + DATABASE);
    }

    @Override
    public void stop() {
        databaseProxy.close();
        brokerProxy.close();
    }
}
