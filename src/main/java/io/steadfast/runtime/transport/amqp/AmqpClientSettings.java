package io.steadfast.runtime.transport.amqp;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

import io.vertx.amqp.AmqpClientOptions;

/**
 * Client options for Steadfast's own connections (start-up declarations, outgoing messages), from the same global
 * {@code amqp-*} keys the SmallRye AMQP connector reads for the channels.
 */
final class AmqpClientSettings {

    private AmqpClientSettings() {
    }

    static AmqpClientOptions from(Config mp, Duration connectTimeout) {
        AmqpClientOptions options = new AmqpClientOptions()
                .setHost(mp.getOptionalValue("amqp-host", String.class).orElse("localhost"))
                .setPort(mp.getOptionalValue("amqp-port", Integer.class).orElse(5672))
                .setSsl(mp.getOptionalValue("amqp-use-ssl", Boolean.class).orElse(false))
                .setConnectTimeout((int) connectTimeout.toMillis());
        mp.getOptionalValue("amqp-username", String.class).ifPresent(options::setUsername);
        mp.getOptionalValue("amqp-password", String.class).ifPresent(options::setPassword);
        return options;
    }
}
