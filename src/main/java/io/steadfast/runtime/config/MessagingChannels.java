package io.steadfast.runtime.config;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * SmallRye Reactive Messaging's own channel keys ({@code mp.messaging.incoming.<channel>.<attribute>}), as Steadfast
 * reads them: the connector a channel uses and the address it consumes. The connectors read the other attributes
 * themselves; they are mapped as they are, so that a mapping of this prefix refuses no key it does not know.
 */
@ConfigMapping(prefix = "mp.messaging")
public interface MessagingChannels {

    /** The incoming channels' attributes, by channel name. */
    Map<String, Channel> incoming();

    /** The outgoing channels' attributes, by channel name. */
    Map<String, Channel> outgoing();

    /** The connectors' own attributes, by connector name. */
    Map<String, Channel> connector();

    /** One channel's attributes, by name. */
    interface Channel {

        /** Every attribute, by name. */
        @WithParentName
        Map<String, String> attributes();

        /** The connector's name ({@code steadfast-amqp}, {@code smallrye-amqp}, ...). */
        default Optional<String> connector() {
            return Optional.ofNullable(attributes().get("connector"));
        }

        /** The address consumed or sent to, when it is not the channel's name. */
        default Optional<String> address() {
            return Optional.ofNullable(attributes().get("address"));
        }
    }

    /** The address incoming {@code channel} consumes: its {@code address}, or its name. */
    default String incomingAddress(String channel) {
        return Optional.ofNullable(incoming().get(channel)).flatMap(Channel::address).orElse(channel);
    }
}
