package io.steadfast.testing.brokers;

import java.util.List;
import java.util.Map;

/** The embedded Artemis the application itself starts in tests: the test side only reads it. */
public final class ApplicationEmbedded extends ArtemisBroker {

    public ApplicationEmbedded(int port) {
        super(port);
    }

    @Override
    public void start() {
        // Started by the application (steadfast.embedded-broker.enabled).
    }

    @Override
    public void restart() {
        throw new UnsupportedOperationException("The application owns its embedded broker; use a broker profile");
    }

    @Override
    public void declare(List<String> queues) {
        throw new UnsupportedOperationException("Declared by steadfast.embedded-broker.queues");
    }

    @Override
    public Map<String, String> serviceConfig() {
        return Map.of("steadfast.embedded-broker.port", String.valueOf(port));
    }

    @Override
    public void close() {
        // Stopped by the application.
    }
}
