package io.steadfast.runtime.transport.amqp;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.steadfast.runtime.config.AmqpGlobals;
import io.steadfast.runtime.config.BrokerKind;
import io.steadfast.runtime.config.SteadfastConfig;
import io.vertx.amqp.AmqpClientOptions;

/**
 * Client options for Steadfast's own connections (start-up declarations, outgoing messages), from the same global
 * {@code amqp-*} keys the SmallRye AMQP connector reads for the channels, and the transport security every
 * connection shares (see {@link #secure}).
 */
final class AmqpClientSettings {

    /** Names a Quarkus TLS configuration ({@code quarkus.tls.<name>.*}): its trust store, and key store for mTLS. */
    static final String TLS_CONFIGURATION_NAME = "tls-configuration-name";
    /** The SASL mechanisms the client may use, comma separated (e.g. {@code SCRAM-SHA-512,PLAIN}). */
    static final String SASL_MECHANISMS = "sasl-mechanisms";
    /** The prefix of the global keys, as SmallRye's AMQP connector names them. */
    static final String GLOBAL = "amqp-";

    private AmqpClientSettings() {
    }

    /**
     * The open frame's host name that selects {@code virtualHost}: RabbitMQ's AMQP 1.0 plugin reads a vhost from
     * {@code vhost:<name>} (a bare name would be taken as a host name, and the default vhost used).
     */
    static Optional<String> openHostname(BrokerKind kind, Optional<String> virtualHost) {
        return virtualHost.filter(name -> !name.isBlank())
                .map(name -> kind == BrokerKind.RABBITMQ && !name.startsWith("vhost:") ? "vhost:" + name : name);
    }

    /** Options from the global {@code amqp-*} keys, in the service's virtual host. */
    static AmqpClientOptions from(AmqpGlobals amqp, Duration connectTimeout, TlsConfigurationRegistry registry,
            SteadfastConfig.Broker broker) {
        AmqpClientOptions options = new AmqpClientOptions()
                .setHost(amqp.host())
                .setPort(amqp.port())
                .setSsl(amqp.useSsl())
                .setConnectTimeout((int) connectTimeout.toMillis());
        amqp.username().ifPresent(options::setUsername);
        amqp.password().ifPresent(options::setPassword);
        openHostname(broker.kind(), broker.virtualHost()).ifPresent(options::setVirtualHost);
        return secure(options, amqp.tlsConfigurationName(), amqp.saslMechanisms(), registry);
    }

    /**
     * Applies transport security: a named TLS configuration turns TLS on with its trust (and key) store; with TLS
     * on, the broker's certificate must match its host name unless that configuration says
     * {@code hostname-verification-algorithm=NONE}. Listed SASL mechanisms replace the client's defaults.
     *
     * @throws IllegalStateException when the name matches no TLS configuration: a broker connection that was meant
     *         to be private must not silently fall back to a public or plain one
     */
    static AmqpClientOptions secure(AmqpClientOptions options, Optional<String> tlsConfigurationName,
            Optional<String> saslMechanisms, TlsConfigurationRegistry registry) {
        tlsConfigurationName.filter(name -> !name.isBlank()).ifPresent(name -> {
            TlsConfiguration tls = registry.get(name).orElseThrow(() -> new IllegalStateException(
                    GLOBAL + TLS_CONFIGURATION_NAME + "=" + name + " names no TLS configuration: configure"
                            + " quarkus.tls." + name + ".trust-store.* (see docs/security.md)"));
            options.setSsl(true);
            if (tls.getTrustStoreOptions() != null) {
                options.setTrustOptions(tls.getTrustStoreOptions());
            }
            if (tls.getKeyStoreOptions() != null) {
                options.setKeyCertOptions(tls.getKeyStoreOptions());
            }
            options.setTrustAll(tls.isTrustAll());
            String algorithm = tls.getHostnameVerificationAlgorithm().orElse("HTTPS");
            options.setHostnameVerificationAlgorithm("NONE".equalsIgnoreCase(algorithm) ? "" : algorithm);
        });
        if (options.isSsl() && tlsConfigurationName.isEmpty()) {
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
        saslMechanisms.ifPresent(list -> Arrays.stream(list.split(",")).map(String::trim).filter(m -> !m.isEmpty())
                .forEach(options::addEnabledSaslMechanism));
        return options;
    }
}
