package io.steadfast.runtime.startup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.steadfast.runtime.config.QuarkusSettings;

/**
 * Fails the start when the HTTP or management port is taken, naming the port and the setting that moves it. Quarkus
 * opens its sockets after the start-up observers and then says only that the port "seems to be in use": a newcomer
 * whose 8080 is taken learns neither which setting to change nor that 9000 is the management interface's. Written by
 * hand because Quarkus has no hook on that failure; a probe just before is the closest.
 */
@ApplicationScoped
public class PortsFree {

    // Outside the steadfast. prefix: a system property there must map to SteadfastConfig.
    private static final String CHECKED = "io.steadfast.ports-checked";

    private final QuarkusSettings quarkus;

    @Inject
    PortsFree(QuarkusSettings quarkus) {
        this.quarkus = quarkus;
    }

    void check(@Observes @Priority(Integer.MIN_VALUE + 1) StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.TEST) {
            return; // tests listen on quarkus.http.test-port, chosen by the test framework
        }
        // Dev mode keeps its sockets open across a live reload: only its first start can find them taken. A system
        // property, because a reload starts the application in a new class loader of the same JVM.
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT && Boolean.getBoolean(CHECKED)) {
            return;
        }
        System.setProperty(CHECKED, "true");
        refuseTaken(quarkus.http().host(), quarkus.http().port(), "quarkus.http.port (QUARKUS_HTTP_PORT)",
                "the HTTP API");
        if (quarkus.management().enabled()) {
            refuseTaken(quarkus.management().host(), quarkus.management().port(),
                    "quarkus.management.port (QUARKUS_MANAGEMENT_PORT)", "health and metrics");
        }
    }

    /** Fails when {@code host:port} cannot be bound, naming the port, what it serves and the setting that moves it. */
    public static void refuseTaken(String host, int port, String setting, String serves) {
        problem(host, port, setting, serves).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /** What to say when {@code host:port} cannot be bound; nothing when it can, or when the port is chosen at random. */
    static Optional<String> problem(String host, int port, String setting, String serves) {
        if (port <= 0) {
            return Optional.empty();
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException taken) {
            return Optional.of("Port " + port + " (" + serves + ", on " + host + ") is taken: " + taken.getMessage()
                    + ". Stop what holds it, or move it with " + setting + ".");
        }
    }
}
