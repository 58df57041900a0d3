package io.steadfast.runtime.transport.amqp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import io.steadfast.testing.FreePorts;

class EmbeddedBrokerPortTest {

    @Test
    void aTakenPortFailsTheStartNamingThePortAndTheSettingThatMovesIt() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = holder.getLocalPort();
            assertThatThrownBy(() -> EmbeddedBrokerLifecycle.refuseTakenPort(port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + port + " (the embedded broker, on 127.0.0.1) is taken")
                    .hasMessageContaining("steadfast.embedded-broker.port (STEADFAST_EMBEDDED_BROKER_PORT)");
        }
    }

    @Test
    void aFreePortIsLeftFree() {
        int port = FreePorts.next();
        assertThatCode(() -> EmbeddedBrokerLifecycle.refuseTakenPort(port)).doesNotThrowAnyException();
        assertThatCode(() -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close())
                .doesNotThrowAnyException();
    }
}
