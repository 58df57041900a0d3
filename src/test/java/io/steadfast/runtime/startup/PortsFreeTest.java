package io.steadfast.runtime.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import io.steadfast.testing.FreePorts;

class PortsFreeTest {

    @Test
    void aTakenPortIsNamedWithTheSettingThatMovesIt() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = holder.getLocalPort();
            assertThat(PortsFree.problem("127.0.0.1", port, "quarkus.http.port (QUARKUS_HTTP_PORT)", "the HTTP API"))
                    .hasValueSatisfying(message -> assertThat(message).startsWith("Port " + port + " (the HTTP API")
                            .contains("move it with quarkus.http.port (QUARKUS_HTTP_PORT)"));
        }
    }

    @Test
    void aFreeOrRandomPortIsNoProblem() {
        assertThat(PortsFree.problem("127.0.0.1", FreePorts.next(), "quarkus.http.port", "the HTTP API")).isEmpty();
        assertThat(PortsFree.problem("127.0.0.1", 0, "quarkus.http.port", "the HTTP API")).isEmpty();
    }
}
