package io.steadfast.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.processing.ExactlyOnceConsumer;

@ApplicationScoped
@Startup
public class ScriptedConsumer {

    public static final String CHANNEL = "test-scripted";
    public static final String ADDRESS = "test.scripted";

    private final ExactlyOnceConsumer consumer;

    @Inject
    ScriptedConsumer(Consumers consumers, ScriptedHandler handler) {
        this.consumer = consumers.register(CHANNEL, handler);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onMessage(Message<Object> message) {
        return consumer.admit(message);
    }
}
