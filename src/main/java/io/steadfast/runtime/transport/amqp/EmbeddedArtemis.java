package io.steadfast.runtime.transport.amqp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An ActiveMQ Artemis broker in this JVM, speaking AMQP 1.0 on one loopback port. Used by dev mode and tests;
 * production points {@code amqp-host}/{@code amqp-port} at a real broker.
 * <p>
 * New addresses default to anycast (point-to-point) so that messages sent before any consumer attached are
 * kept, and the broker never dead-letters or drops a message on its own: Steadfast counts attempts itself.
 */
public final class EmbeddedArtemis implements AutoCloseable {

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    private EmbeddedArtemis(Configuration configuration) {
        server.setConfiguration(configuration);
    }

    public static EmbeddedArtemis start(int port, Path dataDirectory, boolean persistent, Duration redeliveryDelay,
            List<String> queues) {
        Configuration configuration = base("steadfast-embedded", port, dataDirectory, persistent);
        configuration.addAddressSetting("#", new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(redeliveryDelay.toMillis())
                // Named as in Artemis's stock broker.xml, and never used: delivery attempts are unlimited and
                // Steadfast sets no TTL. Without them Artemis warns twice for every queue it creates.
                .setDeadLetterAddress(SimpleString.of("DLA"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        for (String queue : queues) {
            configuration.addQueueConfiguration(QueueConfiguration.of(queue)
                    .setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        }
        return start(configuration, port);
    }

    /**
     * A broker with Artemis's own address defaults (new addresses multicast, auto-created queues deleted when empty
     * and unused, 10 delivery attempts): what Steadfast must work with without relying on it. Unused queues are
     * looked for every 100 ms instead of every 30 s, so that their deletion shows at once.
     */
    public static EmbeddedArtemis startWithBrokerDefaults(int port, Path dataDirectory) {
        return start(base("stock-defaults", port, dataDirectory, true).setAddressQueueScanPeriod(100), port);
    }

    private static Configuration base(String name, int port, Path dataDirectory, boolean persistent) {
        Configuration configuration = new ConfigurationImpl()
                .setName(name)
                .setPersistenceEnabled(persistent)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setMaxDiskUsage(-1)
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString());
        try {
            configuration.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        } catch (Exception e) {
            throw new IllegalStateException("Invalid acceptor for port " + port, e);
        }
        return configuration;
    }

    private static EmbeddedArtemis start(Configuration configuration, int port) {
        EmbeddedArtemis broker = new EmbeddedArtemis(configuration);
        try {
            broker.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Embedded Artemis failed to start on port " + port, e);
        }
        return broker;
    }

    public boolean queueExists(String queue) {
        return server.getActiveMQServer().locateQueue(queue) != null;
    }

    /** Messages waiting in a queue (not counting deliveries in flight). */
    public long messageCount(String queue) {
        var binding = server.getActiveMQServer().locateQueue(queue);
        return binding == null ? 0 : binding.getMessageCount();
    }

    /** Messages delivered to consumers and not yet settled. */
    public long deliveringCount(String queue) {
        var binding = server.getActiveMQServer().locateQueue(queue);
        return binding == null ? 0 : binding.getDeliveringCount();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Embedded Artemis failed to stop", e);
        }
    }
}
