package io.steadfast.runtime.startup;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.steadfast.runtime.config.SteadfastConfig;

/**
 * {@code steadfast.migrate-and-exit=true}: migrate, then end the process before any other start-up observer runs.
 * The JVM is halted rather than shut down: a graceful shutdown would wait for the start to finish, which would
 * start the consumers and connect to the broker, and nothing here holds state that a shutdown would save (the
 * migrations have committed; the log handler writes synchronously).
 */
@ApplicationScoped
public class MigrateAndExit {

    private static final Logger LOG = Logger.getLogger(MigrateAndExit.class);

    @Inject
    SteadfastConfig config;

    @Inject
    Instance<Flyway> flyway;

    void beforeEverythingElse(@Observes @Priority(Integer.MIN_VALUE) StartupEvent event) {
        if (!config.migrateAndExit()) {
            return;
        }
        int status = 0;
        try {
            // A no-op when quarkus.flyway.migrate-at-start has just done it.
            Flyway migrations = flyway.get();
            int applied = migrations.migrate().migrationsExecuted;
            MigrationInfo current = migrations.info().current();
            LOG.infof("Migrations applied: %d now, schema at version %s; exiting (steadfast.migrate-and-exit=true)",
                    applied, current == null ? "none" : current.getVersion());
        } catch (RuntimeException e) {
            LOG.error("Migrating failed; exiting with status 1 (steadfast.migrate-and-exit=true)", e);
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
