package io.steadfast.runtime.processing;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.deadletter.DeadLetterStore;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.recoverability.AttemptCount;
import io.steadfast.runtime.recoverability.AttemptOutcome;
import io.steadfast.runtime.recoverability.Backoff;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;
import io.steadfast.runtime.recoverability.RecoverabilityPolicy;
import io.steadfast.runtime.recoverability.RecoveryAction;
import io.steadfast.runtime.testing.CrashPoints;
import io.steadfast.runtime.transport.Delivery;
import io.steadfast.runtime.transport.InboundEnvelope;

/**
 * What becomes of a delivery once its attempt has an outcome, for every consumer: the policy decides once, and the
 * delivery is settled by the action it names (accepted after the commit, handed back after a hold, dead-lettered,
 * or handed back untouched while the database is away). What differs from consumer to consumer travels in
 * {@link Rules}.
 */
@ApplicationScoped
public class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class);

    /** One consumer's settlement: its names, its attempt budget and how long a handed-back delivery is held. */
    record Rules(String channel, String consumer, int attemptBudget, Backoff redeliveryHold) {
    }

    private final DeadLetterStore deadLetters;
    private final InfrastructureGate gate;
    private final CommitListener commitListener;
    private final SteadfastMetrics metrics;
    private final CrashPoints crashPoints;

    @Inject
    Settlement(DeadLetterStore deadLetters, InfrastructureGate gate, CommitListener commitListener,
            SteadfastMetrics metrics, CrashPoints crashPoints) {
        this.deadLetters = deadLetters;
        this.gate = gate;
        this.commitListener = commitListener;
        this.metrics = metrics;
        this.crashPoints = crashPoints;
    }

    /** Settles the delivery by what the policy decides on the attempt's outcome. */
    Uni<Void> settle(Rules rules, Delivery delivery, InboundMessage message, AttemptOutcome outcome) {
        RecoveryAction action = RecoverabilityPolicy.decide(outcome, rules.attemptBudget(), false);
        Throwable cause = outcome.failure() == null ? null : outcome.failure().exception();
        if (action instanceof RecoveryAction.Accept) {
            return accept(rules, delivery, message, ((AttemptOutcome.Committed) outcome).duplicate());
        }
        if (action instanceof RecoveryAction.DeadLetter deadLetter) {
            AttemptCount count = outcome.count();
            if (count == null) {
                Instant now = Instant.now();
                count = new AttemptCount(1, now, now);
            }
            return deadLetter(rules, delivery, deadLetter.reason(), cause, count);
        }
        if (action instanceof RecoveryAction.WaitForInfrastructure) {
            return waitForInfrastructure(rules, delivery, cause);
        }
        // DelayedRedelivery: with no immediate retries left, the policy answers nothing else.
        return redeliver(rules, delivery, outcome.count());
    }

    /** Records the delivery as a dead letter, then accepts it; if the record cannot be written, hands it back. */
    Uni<Void> deadLetter(Rules rules, Delivery delivery, String reason, Throwable cause, AttemptCount attempts) {
        InboundEnvelope envelope = delivery.envelope();
        return deadLetters.record(rules.consumer(), envelope, reason, cause, attempts)
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure != null && FailureClassifier.classify(failure).kind() == FailureKind.INFRASTRUCTURE) {
                        return waitForInfrastructure(rules, delivery, failure);
                    }
                    if (failure != null) {
                        // Not the database being away: a bug of ours. Hand the message back after a hold rather
                        // than pause every consumer for it.
                        LOG.errorf(failure, "Dead-lettering message %s from channel %s failed; it is handed back",
                                envelope.messageId(), rules.channel());
                        return Uni.createFrom().voidItem().onItem().delayIt()
                                .by(rules.redeliveryHold().delay(attempts == null ? 0 : attempts.attempts()))
                                .chain(() -> release(rules, delivery));
                    }
                    metrics.deadLettered(rules.channel(), reason);
                    MessageTracing.outcome("dead-lettered");
                    // An exception's message may quote the body (a parser's complaint, a rejected value): the
                    // dead-letter entry keeps it for the viewer role; the log names only the exception's class.
                    LOG.warnf("Dead-lettered message %s from channel %s: %s (%s; the entry holds the detail)",
                            envelope.messageId(), rules.channel(), reason, cause == null ? "no exception"
                                    : cause.getClass().getName());
                    LOG.debugf(cause, "Dead-lettered message %s: the failure", envelope.messageId());
                    return delivery.accept();
                });
    }

    /** Hands the delivery back untouched, for the broker to deliver again. */
    Uni<Void> release(Rules rules, Delivery delivery) {
        metrics.released(rules.channel());
        MessageTracing.outcome("released");
        return delivery.release();
    }

    /** Paused for the database: deliveries are handed back untouched until it answers again. */
    boolean paused() {
        return gate.isOpen();
    }

    private Uni<Void> accept(Rules rules, Delivery delivery, InboundMessage message, boolean duplicate) {
        MessageTracing.outcome(duplicate ? "duplicate" : "committed");
        if (duplicate) {
            metrics.duplicate(rules.channel());
        } else {
            metrics.processed(rules.channel());
            crashPoints.reached(CrashPoints.AFTER_COMMIT);
        }
        return commitListener.committed(message).chain(delivery::accept);
    }

    private Uni<Void> redeliver(Rules rules, Delivery delivery, AttemptCount attempts) {
        metrics.retried(rules.channel(), "delayed");
        MessageTracing.outcome("redelivery");
        // Held here rather than by the broker: not every broker delays a redelivery (RabbitMQ does not).
        Duration hold = rules.redeliveryHold().delay(attempts == null ? 0 : Math.max(0, attempts.attempts() - 1));
        LOG.debugf("Message %s on channel %s failed (attempt %s); handing it back for redelivery in %s",
                delivery.envelope().messageId(), rules.channel(), attempts == null ? "?" : attempts.attempts(), hold);
        return Uni.createFrom().voidItem().onItem().delayIt().by(hold).chain(delivery::release);
    }

    /** The database is the problem, not the message: pause everything and hand the delivery back untouched. */
    private Uni<Void> waitForInfrastructure(Rules rules, Delivery delivery, Throwable cause) {
        gate.trip(cause);
        return release(rules, delivery);
    }
}
