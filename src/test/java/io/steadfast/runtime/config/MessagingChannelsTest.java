package io.steadfast.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The mapping of SmallRye Reactive Messaging's channel keys refuses none of them: a mapping refuses the keys under its
 * prefix that it does not map (as Quarkus does at start), and the connectors have many Steadfast never reads.
 */
class MessagingChannelsTest {

    @Test
    void readsConnectorAndAddressAndRefusesNoOtherAttribute() {
        MessagingChannels channels = mapped(Map.of(
                "mp.messaging.incoming.transfers.connector", "steadfast-amqp",
                "mp.messaging.incoming.transfers.address", "ledger.transfers",
                "mp.messaging.incoming.transfers.durable", "true",
                "mp.messaging.incoming.transfers.retry-on-fail-interval", "2",
                "mp.messaging.incoming.replies.connector", "smallrye-amqp",
                "mp.messaging.outgoing.events.address", "ledger.events",
                "mp.messaging.connector.smallrye-amqp.reconnect-attempts", "5"));

        assertEquals(Optional.of("steadfast-amqp"), channels.incoming().get("transfers").connector());
        assertEquals("ledger.transfers", channels.incomingAddress("transfers"));
        assertEquals("true", channels.incoming().get("transfers").attributes().get("durable"));
        assertEquals("replies", channels.incomingAddress("replies"), "no address: the channel's name");
        assertEquals("unknown", channels.incomingAddress("unknown"), "an unconfigured channel: its name");
        assertEquals(Optional.of("ledger.events"), channels.outgoing().get("events").address());
        assertEquals("5", channels.connector().get("smallrye-amqp").attributes().get("reconnect-attempts"));
    }

    private static MessagingChannels mapped(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MessagingChannels.class)
                .withValidateUnknown(true)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(MessagingChannels.class);
    }
}
