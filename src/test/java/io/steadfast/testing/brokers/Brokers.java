package io.steadfast.testing.brokers;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.steadfast.testing.AmqpTestClient;

/**
 * The brokers the suite runs against, and the test-side handle on the one in use. The test resource starts it and
 * publishes it as a platform MBean, because the resource and the tests may be loaded by different class loaders.
 */
public final class Brokers {

    /** Config key a test profile sets to choose its broker. */
    public static final String PROFILE_KEY = "test-broker";

    private static final String NAME = "steadfast.test:type=Broker";

    public enum Kind {
        /** Steadfast's own embedded Artemis, started by the application (the everyday default). */
        APPLICATION_EMBEDDED,
        /** Artemis embedded in the test JVM by the test, with a persistent journal it can restart. */
        EMBEDDED_ARTEMIS,
        /** Artemis from its distribution, a process of its own. */
        STANDALONE_ARTEMIS,
        /** The machine's RabbitMQ with the AMQP 1.0 plugin. */
        RABBITMQ;

        public static Kind of(String value) {
            return value == null ? APPLICATION_EMBEDDED : valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** Starts a broker of this kind (not for {@link #APPLICATION_EMBEDDED}). */
        public TestBroker start() {
            TestBroker broker = switch (this) {
                case EMBEDDED_ARTEMIS -> new EmbeddedTestBroker();
                case STANDALONE_ARTEMIS -> new StandaloneArtemis();
                case RABBITMQ -> new RabbitMq();
                case APPLICATION_EMBEDDED -> throw new IllegalStateException("The application starts this one");
            };
            broker.start();
            return broker;
        }
    }

    private Brokers() {
    }

    public static void publish(Kind kind, TestBroker broker) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new BrokerControl(kind.name(), broker), name);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Kind kind() {
        return Kind.valueOf((String) attribute("Kind"));
    }

    /** Restarts the broker: SIGKILL and start for a standalone one, stop and start for the others. */
    public static void restart() {
        invoke("restart", new Object[0], new String[0]);
    }

    /** Messages in the queue, ready or unsettled. */
    public static long depth(String queue) {
        return (Long) invoke("depth", new Object[] { queue }, new String[] { String.class.getName() });
    }

    /** A client straight to the broker (not through the service's fault proxy), using the broker's addresses. */
    public static AmqpTestClient client() {
        return AmqpTestClient.connect((Integer) attribute("Port"), (String) attribute("Username"),
                (String) attribute("Password"),
                queue -> (String) invoke("address", new Object[] { queue }, new String[] { String.class.getName() }));
    }

    private static Object attribute(String attribute) {
        try {
            return ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(NAME), attribute);
        } catch (JMException e) {
            throw new IllegalStateException("No test broker published: is SteadfastTestResource active?", e);
        }
    }

    private static Object invoke(String operation, Object[] arguments, String[] signature) {
        try {
            return ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(NAME), operation, arguments,
                    signature);
        } catch (JMException e) {
            throw new IllegalStateException("No test broker published: is SteadfastTestResource active?", e);
        }
    }
}
