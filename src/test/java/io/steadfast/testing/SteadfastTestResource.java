package io.steadfast.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.steadfast.testing.brokers.ApplicationEmbedded;
import io.steadfast.testing.brokers.Brokers;
import io.steadfast.testing.brokers.TestBroker;

/**
 * Real parts for every {@code @QuarkusTest}: a fresh PostgreSQL database reached through a fault proxy, and a broker
 * reached through another, so tests can cut either connection at will. The broker is the application's embedded
 * Artemis unless the test profile names another with {@value Brokers#PROFILE_KEY}.
 */
public class SteadfastTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "steadfast_test";

    /** Every queue the tests use. */
    public static final List<String> QUEUES = List.of("ledger.transfers", "ledger.transfer-events", "test.scripted",
            "test.outbox", "test.outbox-order", "trips.replies");
    /** The trip saga's topic and its subscriptions (application.properties: steadfast.topics). */
    public static final String TRIP_TOPIC = "trips.requests";
    public static final List<String> TRIP_SUBSCRIPTIONS = List.of("trips.car", "trips.hotel", "trips.flight");

    private TcpProxy databaseProxy;
    private TcpProxy brokerProxy;
    private TestBroker broker;
    private String profile;

    @Override
    public void setContext(Context context) {
        profile = context.testProfile();
    }

    @Override
    public Map<String, String> start() {
        TestDatabase.recreate(DATABASE);
        Brokers.Kind kind = Brokers.Kind.of(profileSetting(Brokers.PROFILE_KEY));
        if (kind == Brokers.Kind.APPLICATION_EMBEDDED) {
            broker = new ApplicationEmbedded(FreePorts.next());
        } else {
            broker = kind.start();
            broker.declare(QUEUES);
            broker.declareTopic(TRIP_TOPIC, TRIP_SUBSCRIPTIONS);
        }
        Brokers.publish(kind, broker);
        databaseProxy = TcpProxy.start(TestDatabase.HOST, TestDatabase.PORT);
        brokerProxy = TcpProxy.start("127.0.0.1", broker.port());
        Faults.publish(databaseProxy, brokerProxy, broker.port());
        Map<String, String> config = new HashMap<>(broker.serviceConfig());
        if (kind != Brokers.Kind.APPLICATION_EMBEDDED) {
            config.put("steadfast.embedded-broker.enabled", "false");
        }
        config.putAll(Map.of(
                "amqp-host", "127.0.0.1",
                "amqp-port", String.valueOf(brokerProxy.port()),
                "quarkus.datasource.username", TestDatabase.RUNTIME_ROLE,
                "quarkus.flyway.jdbc-url", TestDatabase.jdbcUrl(DATABASE),
                "quarkus.flyway.username", TestDatabase.USER,
                // Quarkus wants one with a Flyway URL; the test server trusts loopback and ignores it.
                "quarkus.flyway.password", "unused-trust-authentication",
                "quarkus.flyway.placeholders.steadfast_runtime_role", TestDatabase.RUNTIME_ROLE,
                "quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(DATABASE),
                "quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + DATABASE));
        return config;
    }

    /** A config override of the active test profile, read reflectively: it may come from another class loader. */
    private String profileSetting(String key) {
        if (profile == null) {
            return null;
        }
        try {
            Class<?> type = Class.forName(profile, true, Thread.currentThread().getContextClassLoader());
            Object overrides = type.getMethod("getConfigOverrides").invoke(type.getConstructor().newInstance());
            return (String) ((Map<?, ?>) overrides).get(key);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read test profile " + profile, e);
        }
    }

    @Override
    public void stop() {
        databaseProxy.close();
        brokerProxy.close();
        broker.close();
    }
}
