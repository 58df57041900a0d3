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
        broker = EmbeddedArtemis.start(settings.port(), Path.of(settings.dataDirectory()), settings.persistent(),
                settings.redeliveryDelay(), settings.queues().orElse(List.of()));
        LOG.infof("Embedded ActiveMQ Artemis listening for AMQP on 127.0.0.1:%d (data in %s)", settings.port(),
                settings.dataDirectory());
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
