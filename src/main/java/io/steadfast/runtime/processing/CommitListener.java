package io.steadfast.runtime.processing;

import io.smallrye.mutiny.Uni;

/**
 * Called after a message's transaction committed and before its delivery is accepted. The default does nothing;
 * tests use it to break the connection exactly there.
 */
public interface CommitListener {

    Uni<Void> committed(InboundMessage message);
}
