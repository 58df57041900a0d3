package io.steadfast.runtime.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Shows the outbox lag in the readiness report. Lag alone does not make the service unready. */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("steadfast-outbox").up()
                .withData("pending", relay.pending())
                .withData("oldestPendingSeconds", Math.round(relay.oldestAgeSeconds()))
                .build();
    }
}
