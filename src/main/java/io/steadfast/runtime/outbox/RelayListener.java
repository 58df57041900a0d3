package io.steadfast.runtime.outbox;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.transport.OutboundEnvelope;

/**
 * Called after the broker accepted a relay round's messages and before they are marked published. The default does
 * nothing; tests use it to fail exactly there.
 */
public interface RelayListener {

    Uni<Void> accepted(List<OutboundEnvelope> sent);
}
