package io.steadfast.testing;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Test-side handle on the fault proxies. The test resource, the tests and test beans inside the application may
 * be loaded by different class loaders, so the proxies are published as platform MBeans.
 */
public final class Faults {

    private static final String DATABASE = "steadfast.test:type=Proxy,name=database";
    private static final String BROKER = "steadfast.test:type=Proxy,name=broker";
    private static final String BROKER_PORT = "test-faults.broker-port";

    private Faults() {
    }

    static void publish(TcpProxy database, TcpProxy broker, int brokerPort) {
        register(DATABASE, database);
        register(BROKER, broker);
        System.setProperty(BROKER_PORT, String.valueOf(brokerPort));
    }

    /** Makes the database unreachable for the service (open connections dropped, new ones refused). */
    public static void databaseDown() {
        invoke(DATABASE, "refuse");
    }

    public static void databaseUp() {
        invoke(DATABASE, "restore");
    }

    /** Drops the service's connections to the broker; it reconnects on its own. */
    public static void cutBrokerConnections() {
        invoke(BROKER, "cut");
    }

    /** Makes the broker unreachable for the service (open connections dropped, new ones refused). */
    public static void brokerDown() {
        invoke(BROKER, "refuse");
    }

    public static void brokerUp() {
        invoke(BROKER, "restore");
    }

    /** The embedded broker's own port, for test clients that must not go through the proxy. */
    public static int brokerPort() {
        return Integer.parseInt(System.getProperty(BROKER_PORT));
    }

    private static void register(String name, TcpProxy proxy) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName objectName = new ObjectName(name);
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(new ProxyControl(proxy), objectName);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void invoke(String name, String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(name), operation, null, null);
        } catch (JMException e) {
            throw new IllegalStateException("No fault proxy " + name + ": is SteadfastTestResource active?", e);
        }
    }
}
