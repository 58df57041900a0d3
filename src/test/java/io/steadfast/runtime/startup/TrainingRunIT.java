package io.steadfast.runtime.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.testing.ServiceProcess;

/**
 * The training run the container image's build relies on (src/main/docker/Dockerfile.jvm): the packaged service,
 * given nothing to connect to, starts and exits by itself with status 0.
 */
class TrainingRunIT {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void startsWithoutDatabaseOrBrokerAndExitsCleanly() throws Exception {
        ServiceProcess service = new ServiceProcess("training-run", "none", 1);
        service.launch("-Dsteadfast.training-run=true", "-Dquarkus.flyway.migrate-at-start=false",
                "-Dsteadfast.broker.declare-queues=false",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/none",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:1/none");

        assertThat(service.awaitExit()).as("exit status; see " + service.log()).isZero();
        assertThat(Files.readString(service.log().toPath()))
                .contains("Training run: started, exiting")
                .contains("stopped in");
    }
}
