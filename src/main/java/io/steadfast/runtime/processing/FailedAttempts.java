package io.steadfast.runtime.processing;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.recoverability.AttemptOutcome;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.recoverability.Failure;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;

/** A failed attempt turned into its outcome: classified, and counted unless the database is the problem. */
final class FailedAttempts {

    private static final Logger LOG = Logger.getLogger(FailedAttempts.class);

    private FailedAttempts() {
    }

    static Uni<AttemptOutcome> count(AttemptStore store, InboundMessage message, Throwable error) {
        Failure failure = FailureClassifier.classify(error);
        if (failure.kind() == FailureKind.INFRASTRUCTURE) {
            return Uni.createFrom().item(new AttemptOutcome.InfrastructureDown(failure));
        }
        return store.recordFailure(message.consumer(), message.messageId(), error)
                .<AttemptOutcome> map(count -> new AttemptOutcome.Failed(failure, count))
                .onFailure().recoverWithItem(countFailure -> uncounted(message, failure, countFailure));
    }

    private static AttemptOutcome uncounted(InboundMessage message, Failure failure, Throwable countFailure) {
        Failure counting = FailureClassifier.classify(countFailure);
        if (counting.kind() == FailureKind.INFRASTRUCTURE) {
            // The database is the problem, not the message.
            return new AttemptOutcome.InfrastructureDown(counting);
        }
        // Not the database's fault either: a bug of ours. Never pause every consumer for it.
        LOG.errorf(countFailure, "Counting a failed attempt of message %s failed", message.messageId());
        return new AttemptOutcome.Failed(failure, null);
    }
}
