package io.steadfast.runtime.transport.amqp;

import static java.time.Duration.ofSeconds;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.amqp.AmqpConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.amqp.ConnectionHolder;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.health.HealthReporter;
import io.steadfast.runtime.config.AmqpGlobals;
import io.steadfast.runtime.config.SteadfastConfig;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpReceiver;
import io.vertx.mutiny.core.Context;
import io.vertx.mutiny.core.Vertx;

/**
 * Incoming AMQP 1.0 channels whose messages carry their raw, undecoded body.
 * <p>
 * Why not {@code smallrye-amqp}: it decodes a data section labelled {@code application/json} while building the
 * message, and when that body is not JSON it logs SRMSG16229 and drops the message without settling it, so the
 * message is redelivered and dropped again on every reconnect and can never be dead-lettered. Connection handling
 * (connect, reconnect, the {@code amqp-*} and channel attributes) is SmallRye's own {@link ConnectionHolder}; the
 * channel attributes are those of {@code smallrye-amqp} for incoming channels (address, capabilities, durable,
 * link-name, selector, reconnect-*, retry-on-fail-*, health-*).
 */
@ApplicationScoped
@Connector(SteadfastAmqpConnector.NAME)
public class SteadfastAmqpConnector implements InboundConnector, HealthReporter {

    public static final String NAME = "steadfast-amqp";

    private static final Logger LOG = Logger.getLogger(SteadfastAmqpConnector.class);

    @Inject
    Vertx vertx;

    @Inject
    SteadfastConfig steadfast;

    @Inject
    TlsConfigurationRegistry tls;

    @Inject
    AmqpGlobals amqp;

    private final Map<String, ConnectionHolder> channels = new ConcurrentHashMap<>();
    private final Map<String, Integer> healthTimeouts = new ConcurrentHashMap<>();
    private final List<AmqpClient> clients = new CopyOnWriteArrayList<>();

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        AmqpConnectorIncomingConfiguration ic = new AmqpConnectorIncomingConfiguration(config);
        String channel = ic.getChannel();
        String address = BrokerAddresses.of(steadfast, ic.getAddress().orElse(channel),
                BrokerAddresses.topics(steadfast));
        AmqpClient client = AmqpClient.create(vertx, AmqpClientSettings.secure(clientOptions(ic, steadfast.broker()),
                channelOr(config, AmqpClientSettings.TLS_CONFIGURATION_NAME, amqp.tlsConfigurationName()),
                channelOr(config, AmqpClientSettings.SASL_MECHANISMS, amqp.saslMechanisms()), tls));
        clients.add(client);
        Context root = Context.newInstance(((VertxInternal) vertx.getDelegate()).createEventLoopContext());
        ConnectionHolder holder = new ConnectionHolder(client, ic, vertx, root);
        if (ic.getHealthEnabled()) {
            channels.put(channel, holder);
            healthTimeouts.put(channel, ic.getHealthTimeout());
        }
        AmqpReceiverOptions options = new AmqpReceiverOptions()
                .setAutoAcknowledgement(false)
                .setDurable(ic.getDurable())
                .setLinkName(ic.getLinkName().orElse(channel))
                .setCapabilities(capabilities(ic))
                .setSelector(ic.getSelector().orElse(null));
        return holder.getOrEstablishConnection()
                .onItem().transformToUni(connection -> connection.createReceiver(address, options))
                .onItem().transformToMulti(receiver -> messages(receiver, holder))
                .onFailure().invoke(failure -> LOG.warnf("Channel %s lost its link to %s (%s); reconnecting", channel,
                        address, failure.toString()))
                .onFailure().retry().withBackOff(ofSeconds(1), ofSeconds(ic.getRetryOnFailInterval()))
                .atMost(ic.getRetryOnFailAttempts());
    }

    private static Multi<Message<?>> messages(AmqpReceiver receiver, ConnectionHolder holder) {
        // Connection and link failures end the stream with an error, so that the retry above reconnects.
        BroadcastProcessor<Message<?>> failures = BroadcastProcessor.create();
        receiver.exceptionHandler(failures::onError);
        holder.onFailure(failures::onError);
        Multi<Message<?>> received = receiver.toMulti()
                .map(message -> new RawAmqpMessage(message.getDelegate(), holder.getContext().getDelegate()));
        return Multi.createBy().merging().streams(received, failures);
    }

    /** The channel's own attribute (SmallRye hands a connector its channel's attributes), else the global key. */
    private static Optional<String> channelOr(Config channel, String key, Optional<String> global) {
        return channel.getOptionalValue(key, String.class).or(() -> global);
    }

    private static List<String> capabilities(AmqpConnectorIncomingConfiguration ic) {
        return ic.getCapabilities()
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static AmqpClientOptions clientOptions(AmqpConnectorIncomingConfiguration ic,
            SteadfastConfig.Broker broker) {
        AmqpClientOptions options = new AmqpClientOptions()
                .setHost(ic.getHost())
                .setPort(ic.getPort())
                .setSsl(ic.getUseSsl())
                .setReconnectAttempts(ic.getReconnectAttempts())
                .setReconnectInterval(ic.getReconnectInterval())
                .setConnectTimeout(ic.getConnectTimeout());
        ic.getUsername().ifPresent(options::setUsername);
        ic.getPassword().ifPresent(options::setPassword);
        ic.getContainerId().ifPresent(options::setContainerId);
        ic.getSniServerName().ifPresent(options::setSniServerName);
        AmqpClientSettings.openHostname(broker.kind(), ic.getVirtualHost().or(broker::virtualHost))
                .ifPresent(options::setVirtualHost);
        return options;
    }

    /** Ready when every incoming channel holds an open connection to the broker. */
    @Override
    public HealthReport getReadiness() {
        HealthReport.HealthReportBuilder builder = HealthReport.builder();
        channels.forEach((channel, holder) -> {
            try {
                builder.add(channel, holder.isConnected().await()
                        .atMost(Duration.ofSeconds(healthTimeouts.get(channel))));
            } catch (RuntimeException e) {
                builder.add(channel, false, e.getMessage());
            }
        });
        return builder.build();
    }

    @PreDestroy
    void close() {
        clients.forEach(client -> client.close().subscribe().with(ignored -> {
        }, failure -> LOG.debugf("Closing an AMQP client failed: %s", failure)));
        clients.clear();
    }
}
