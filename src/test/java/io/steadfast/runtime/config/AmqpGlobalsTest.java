package io.steadfast.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The connector's global keys as deployments set them: environment variables over application.properties. */
class AmqpGlobalsTest {

    @Test
    void environmentVariablesOverrideTheFileAndUnsetKeysTakeTheConnectorsDefaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AmqpGlobals.class)
                .withSources(new PropertiesConfigSource(Map.of("amqp-host", "localhost", "amqp-port", "5672",
                        "something-else", "x"), "application.properties", 250))
                .withSources(new EnvConfigSource(Map.of("AMQP_HOST", "broker-svc", "AMQP_PORT", "61616",
                        "AMQP_USERNAME", "steadfast"), 300))
                .build();
        AmqpGlobals amqp = config.getConfigMapping(AmqpGlobals.class);

        assertEquals("broker-svc", amqp.host());
        assertEquals(61616, amqp.port());
        assertEquals(Optional.of("steadfast"), amqp.username());
        assertEquals(Optional.empty(), amqp.password());
        assertEquals(false, amqp.useSsl());
    }
}
