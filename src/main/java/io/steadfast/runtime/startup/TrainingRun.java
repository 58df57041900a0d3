package io.steadfast.runtime.startup;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.steadfast.runtime.config.SteadfastConfig;

/**
 * {@code steadfast.training-run=true}: once everything has started, exit, so that the JVM writes the AOT cache or
 * AppCDS archive it was asked to record (see docs/performance.md, "Start-up").
 */
@ApplicationScoped
public class TrainingRun {

    private static final Logger LOG = Logger.getLogger(TrainingRun.class);

    @Inject
    SteadfastConfig config;

    void afterEverythingElse(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        if (config.trainingRun()) {
            LOG.info("Training run: started, exiting (steadfast.training-run=true)");
            Quarkus.asyncExit(0);
        }
    }
}
