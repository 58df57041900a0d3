package io.steadfast.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.CommitListener;
import io.steadfast.runtime.processing.InboundMessage;

/** Drops the service's broker connections right after a chosen message committed, before its accept is sent. */
@ApplicationScoped
public class CutAfterCommit implements CommitListener {

    private static final Set<String> ARMED = ConcurrentHashMap.newKeySet();

    public static void arm(String messageId) {
        ARMED.add(messageId);
    }

    @Override
    public Uni<Void> committed(InboundMessage message) {
        if (ARMED.remove(message.messageId())) {
            Faults.cutBrokerConnections();
        }
        return Uni.createFrom().voidItem();
    }
}
