package io.steadfast.runtime.processing;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

@DefaultBean
@ApplicationScoped
public class NoCommitListener implements CommitListener {

    @Override
    public Uni<Void> committed(InboundMessage message) {
        return Uni.createFrom().voidItem();
    }
}
