package io.steadfast.testing.brokers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.steadfast.runtime.transport.amqp.EmbeddedArtemis;
import io.steadfast.testing.FreePorts;

/**
 * ActiveMQ Artemis inside the test JVM with a persistent journal, configured as Steadfast's embedded broker is.
 * A restart closes it and starts it again on the same journal.
 */
final class EmbeddedTestBroker extends ArtemisBroker {

    private final Path data;
    private final List<String> queues = new ArrayList<>();
    private EmbeddedArtemis artemis;

    EmbeddedTestBroker() {
        super(FreePorts.next());
        try {
            data = Files.createTempDirectory(Path.of("target"), "embedded-artemis");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        artemis = EmbeddedArtemis.start(port, data, true, Duration.ofMillis(50), List.copyOf(queues));
    }

    @Override
    public void restart() {
        artemis.close();
        start();
    }

    @Override
    public void declare(List<String> names) {
        queues.addAll(names);
        restart();
    }

    @Override
    public void close() {
        if (artemis != null) {
            artemis.close();
        }
    }
}
