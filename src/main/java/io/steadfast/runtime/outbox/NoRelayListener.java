package io.steadfast.runtime.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.transport.OutboundEnvelope;

@DefaultBean
@ApplicationScoped
public class NoRelayListener implements RelayListener {

    @Override
    public Uni<Void> accepted(List<OutboundEnvelope> sent) {
        return Uni.createFrom().voidItem();
    }
}
