package io.steadfast.runtime.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The SmallRye AMQP connector's global keys ({@code amqp-host}, ...), which Steadfast's own connections (start-up
 * declarations, outgoing messages) share with the channels.
 */
@ConfigMapping(prefix = "")
public interface AmqpGlobals {

    @WithName("amqp-host")
    @WithDefault("localhost")
    String host();

    @WithName("amqp-port")
    @WithDefault("5672")
    int port();

    @WithName("amqp-use-ssl")
    @WithDefault("false")
    boolean useSsl();

    @WithName("amqp-username")
    Optional<String> username();

    @WithName("amqp-password")
    Optional<String> password();

    /** Names a Quarkus TLS configuration ({@code quarkus.tls.<name>.*}): its trust store, and key store for mTLS. */
    @WithName("amqp-tls-configuration-name")
    Optional<String> tlsConfigurationName();

    /** The SASL mechanisms the client may use, comma separated (e.g. {@code SCRAM-SHA-512,PLAIN}). */
    @WithName("amqp-sasl-mechanisms")
    Optional<String> saslMechanisms();
}
