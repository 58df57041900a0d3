package io.steadfast.runtime.transport.amqp;

import java.nio.file.Path;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.startup.PortsFree;

/**
 * Starts the embedded broker when {@code steadfast.embedded-broker.enabled} is true, before the messaging
 * channels connect (they are wired at startup priority {@code LIBRARY_BEFORE}).
 * <p>
 * Only part of dev and test builds: a production build (JVM or native) neither contains nor reaches Artemis.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
public class EmbeddedBrokerLifecycle {

    private static final Logger LOG = Logger.getLogger(EmbeddedBrokerLifecycle.class);

    @Inject
    SteadfastConfig config;

    private EmbeddedArtemis broker;

    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 100) StartupEvent event) {
        SteadfastConfig.EmbeddedBroker settings = config.embeddedBroker();
        if (!settings.enabled()) {
            return;
        }
        refuseTakenPort(settings.port());
        broker = EmbeddedArtemis.start(settings.port(), Path.of(settings.dataDirectory()), settings.persistent(),
                settings.redeliveryDelay(), settings.queues().orElse(List.of()));
        LOG.infof("Embedded ActiveMQ Artemis listening for AMQP on 127.0.0.1:%d (data in %s)", settings.port(),
                settings.dataDirectory());
    }

    /**
     * Artemis logs a port it cannot bind and starts without its acceptor, leaving the channels to retry a connection
     * that never comes. Fail the start instead, naming the port and the setting that moves it.
     */
    static void refuseTakenPort(int port) {
        PortsFree.refuseTaken("127.0.0.1", port, "steadfast.embedded-broker.port (STEADFAST_EMBEDDED_BROKER_PORT);"
                + " dev mode's amqp-port follows it", "the embedded broker");
    }

    /** The running embedded broker, or {@code null} when none was started. */
    public EmbeddedArtemis broker() {
        return broker;
    }

    @PreDestroy
    void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
