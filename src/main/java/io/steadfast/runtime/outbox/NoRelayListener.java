package io.steadfast.runtime.outbox;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

@DefaultBean
@ApplicationScoped
public class NoRelayListener implements RelayListener {

    @Override
    public Uni<Void> accepted(List<UUID> ids) {
        return Uni.createFrom().voidItem();
    }
}
