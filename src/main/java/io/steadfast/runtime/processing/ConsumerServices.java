package io.steadfast.runtime.processing;

import io.steadfast.runtime.deadletter.DeadLetterStore;
import io.steadfast.runtime.inbox.Inbox;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.testing.CrashPoints;
import io.steadfast.runtime.transport.DeliveryAdapter;
import io.vertx.core.Vertx;

/** The shared collaborators of every consumer pipeline. */
record ConsumerServices(DeliveryAdapter adapter, AttemptStore attempts, DeadLetterStore deadLetters,
        InfrastructureGate gate, CommitListener commitListener, SteadfastMetrics metrics, Vertx vertx,
        CrashPoints crashPoints, Inbox inbox, AttemptIsolation isolation, MessageTracing tracing, Outbox outbox,
        NotedStarts notedStarts) {
}
