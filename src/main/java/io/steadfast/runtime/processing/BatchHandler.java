package io.steadfast.runtime.processing;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * A handler that can also apply several messages in one transaction, for consumers configured with
 * {@code steadfast.consumers."<channel>".batch.size} above 1.
 * <p>
 * {@link #handleAll} runs inside a transaction the runtime opened, after the inbox claimed every message it is given
 * (duplicates are left out), with at most one message per partition key. Write set-based SQL through the current
 * Hibernate Reactive session: one multi-row insert or grouped update per table, rows locked in key order. Apply the
 * messages as if one after the other in list order (the order they were delivered).
 * <p>
 * Fail the returned {@code Uni} (or throw) and nothing of the batch commits: the runtime splits it in two and tries
 * each half again, down to single messages, which then go through {@link #handle} with its retries, attempt budget
 * and dead-lettering. So a poison message costs a few extra transactions and never its neighbours. Messages that
 * failed before, or whose last attempt the process did not survive, never join a batch.
 */
public interface BatchHandler extends MessageHandler {

    Uni<Void> handleAll(List<InboundMessage> messages);
}
