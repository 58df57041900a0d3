package io.steadfast.testing.brokers;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.steadfast.testing.FreePorts;

/**
 * ActiveMQ Artemis from its distribution on Maven Central (unpacked by the build into
 * {@code target/artemis-distribution}), as a process of its own with a persistent journal and the distribution's
 * stock {@code broker.xml} (max-delivery-attempts 10, a DLQ, auto-created queues). A restart is a SIGKILL and a new
 * start on the same journal.
 */
public final class StandaloneArtemis extends ArtemisBroker {

    private final Path instance;
    private Process process;
    private int starts;

    public StandaloneArtemis() {
        this("");
    }

    /**
     * A broker whose acceptor takes extra URL parameters, e.g. {@code ;amqpIdleTimeout=5000} to drop a frozen
     * client's connection after 5 s instead of the stock 60 s.
     */
    public StandaloneArtemis(String acceptorParameters) {
        super(FreePorts.next());
        String home = System.getProperty("artemis.distribution");
        if (home == null || !new File(home, "bin/artemis").canExecute()) {
            throw new IllegalStateException("No Artemis distribution at " + home
                    + " (the build unpacks it; run through ./mvnw)");
        }
        try {
            instance = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "artemis-instance");
            run(List.of(home + "/bin/artemis", "create", instance.toString(), "--silent", "--force",
                    "--user", "steadfast", "--password", "steadfast", "--allow-anonymous", "--no-web",
                    "--no-hornetq-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-amqp-acceptor",
                    "--nio", "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--java-memory", "512M",
                    "--no-autotune"), instance.resolve("create.log"));
            if (!acceptorParameters.isEmpty()) {
                Path config = instance.resolve("etc/broker.xml");
                String xml = Files.readString(config);
                String changed = xml.replaceFirst("(<acceptor name=\"artemis\">[^<]*)</acceptor>",
                        "$1" + acceptorParameters + "</acceptor>");
                if (changed.equals(xml)) {
                    throw new IllegalStateException("No acceptor named artemis in " + config);
                }
                Files.writeString(config, changed);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        try {
            process = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                    .redirectErrorStream(true)
                    .redirectOutput(instance.resolve("run-" + (++starts) + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::accepting);
    }

    /** SIGKILL, then a start on the same journal. */
    @Override
    public void restart() {
        kill();
        start();
    }

    /** SIGKILL: no shutdown hook, the journal as it was at that instant. */
    public void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !accepting());
    }

    @Override
    public void declare(List<String> queues) {
        // The service declares its queues at start-up (steadfast.broker.kind=artemis); test-only queues here.
        for (String queue : queues) {
            run(List.of(instance.resolve("bin/artemis").toString(), "queue", "create", "--silent", "--url",
                    "tcp://127.0.0.1:" + port, "--anycast", "--durable", "--auto-create-address",
                    "--preserve-on-no-consumers", "--name", queue), instance.resolve("declare.log"));
        }
    }

    /** Stops the queue's deliveries to its consumers (they stay attached); messages keep arriving. */
    public void pause(String queue) {
        ArtemisManagement.invoke(port, queue, "pause");
    }

    public void resume(String queue) {
        ArtemisManagement.invoke(port, queue, "resume");
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, Path log) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed; see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
