package io.steadfast.testing;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.RelayListener;

/** Fails a relay round once, after the broker accepted a chosen row and before the row is marked published. */
@ApplicationScoped
public class FailBeforeMark implements RelayListener {

    private static final Set<UUID> ARMED = ConcurrentHashMap.newKeySet();

    public static void arm(UUID id) {
        ARMED.add(id);
    }

    @Override
    public Uni<Void> accepted(List<UUID> ids) {
        for (UUID id : ids) {
            if (ARMED.remove(id)) {
                return Uni.createFrom().failure(new IllegalStateException("Crash between accept and mark of " + id));
            }
        }
        return Uni.createFrom().voidItem();
    }
}
