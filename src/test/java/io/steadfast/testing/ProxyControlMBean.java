package io.steadfast.testing;

/** JMX view of a {@link TcpProxy}: reachable from any class loader of the test JVM. */
public interface ProxyControlMBean {

    void cut();

    void refuse();

    void restore();
}
