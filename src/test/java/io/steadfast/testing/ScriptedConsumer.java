package io.steadfast.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.Consumers;

@ApplicationScoped
@Startup
public class ScriptedConsumer {

    public static final String CHANNEL = "test-scripted";
    public static final String ADDRESS = "test.scripted";

    private final Consumers consumers;

    @Inject
    ScriptedConsumer(Consumers consumers, ScriptedHandler handler) {
        this.consumers = consumers;
        consumers.register(CHANNEL, handler);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onMessage(Message<Object> message) {
        return consumers.admit(CHANNEL, message);
    }
}
