package io.steadfast.runtime.processing;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.inbox.Inbox;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.recoverability.AttemptCount;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.recoverability.Failure;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;
import io.steadfast.runtime.recoverability.RecoverabilityPolicy;
import io.steadfast.runtime.recoverability.RecoveryAction;
import io.steadfast.runtime.recoverability.StartedAttempt;
import io.steadfast.runtime.testing.CrashPoints;
import io.vertx.core.Context;

/**
 * One attempt of one message. First the start is noted (a statement of its own, committed at once); a message whose
 * previous attempt never reported back (the process stopped during it) then runs alone in the process, so that a
 * message which kills the process is told apart from the neighbours it takes down with it, and is dead-lettered
 * ({@code crash-loop}) once it has done so its crash budget's worth of times. Then inbox insert, handler and commit,
 * in a single transaction. On failure it counts the attempt (a statement of its own) and asks the policy what next.
 * Only "retry now" is thrown back to the Fault Tolerance interceptor around it; every other decision is recorded on
 * the message and the call completes, so no {@code @Retry} setting can retry a message that must not be retried.
 * <p>
 * The priority puts it inside SmallRye Fault Tolerance's interceptor ({@code PLATFORM_AFTER + 10}).
 */
@ExactlyOnce
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class ExactlyOnceInterceptor {

    private static final Logger LOG = Logger.getLogger(ExactlyOnceInterceptor.class);

    @Inject
    Inbox inbox;

    @Inject
    AttemptStore attemptStore;

    @Inject
    AttemptIsolation isolation;

    @Inject
    SteadfastMetrics metrics;

    @Inject
    CrashPoints crashPoints;

    @AroundInvoke
    Object attempt(InvocationContext invocation) throws Exception {
        if (isBatch(invocation)) {
            // A batch's transaction, inbox claims and failures are the consumer's (BatchAttempts), not an attempt's.
            return invocation.proceed();
        }
        InboundMessage message = messageOf(invocation);
        Context context = message.context();
        return Contexts.on(context, () -> isolation.shared(context, () -> start(message)
                .onItemOrFailure().transformToUni((started, startFailure) -> {
                    if (startFailure != null) {
                        return afterFailedAttempt(message, startFailure).replaceWith(Boolean.FALSE);
                    }
                    if (started.crashes() >= message.crashBudget() && message.crashBudget() > 0) {
                        giveUp(message, started);
                        return Uni.createFrom().item(Boolean.FALSE);
                    }
                    if (started.cutOff()) {
                        return Uni.createFrom().item(Boolean.TRUE);
                    }
                    return inTransaction(message, invocation).replaceWith(Boolean.FALSE);
                }))
                .chain(runAlone -> runAlone ? alone(message, invocation) : Uni.createFrom().voidItem()));
    }

    private Uni<StartedAttempt> start(InboundMessage message) {
        if (message.crashBudget() <= 0) {
            return Uni.createFrom().item(StartedAttempt.UNTRACKED);
        }
        StartedAttempt noted = message.takeStarted();
        if (noted != null) {
            return Uni.createFrom().item(noted);
        }
        return attemptStore.start(message.consumer(), message.messageId(), message.crashBudget());
    }

    private Uni<Void> alone(InboundMessage message, InvocationContext invocation) {
        metrics.cutOff(message.channel());
        return isolation.alone(message.context(), () -> attemptStore.isolate(message.consumer(), message.messageId())
                .onItemOrFailure().transformToUni((ignored, failure) -> failure != null
                        ? afterFailedAttempt(message, failure)
                        : inTransaction(message, invocation)));
    }

    private Uni<Void> inTransaction(InboundMessage message, InvocationContext invocation) {
        String consumer = message.consumer();
        String id = message.messageId();
        return Panache.withTransaction(() -> inbox.claim(consumer, id).chain(claimed -> {
            Uni<Void> work = Uni.createFrom().voidItem();
            if (claimed) {
                crashPoints.reached(CrashPoints.DURING_ATTEMPT, id);
                work = proceed(invocation);
            }
            // Processed now or before: either way its attempt row goes, with this transaction.
            return work.chain(() -> attemptStore.clear(consumer, id)).replaceWith(!claimed);
        }))
                .invoke(message::committed)
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> afterFailedAttempt(message, failure));
    }

    private static void giveUp(InboundMessage message, StartedAttempt started) {
        IllegalStateException cause = new IllegalStateException("The process stopped during " + started.crashes()
                + " attempts of this message that ran alone in it (" + started.interrupted()
                + " attempts cut off in all); it is not run again");
        message.failed(new Failure(FailureKind.PERMANENT, Failure.CRASH_LOOP, cause),
                started.asAttemptCount(Instant.now()));
        message.decide(new RecoveryAction.DeadLetter(Failure.CRASH_LOOP));
    }

    private Uni<Void> afterFailedAttempt(InboundMessage message, Throwable error) {
        Failure failure = FailureClassifier.classify(error);
        if (failure.kind() == FailureKind.INFRASTRUCTURE) {
            message.waitForInfrastructure(failure);
            return Uni.createFrom().voidItem();
        }
        return attemptStore.recordFailure(message.consumer(), message.messageId(), error)
                .onItemOrFailure().transformToUni((count, recordFailure) -> {
                    if (recordFailure != null) {
                        return uncounted(message, failure, recordFailure);
                    }
                    message.failed(failure, count);
                    RecoveryAction action = RecoverabilityPolicy.decide(failure, count.attempts(),
                            message.attemptBudget(), true);
                    if (action instanceof RecoveryAction.ImmediateRetry) {
                        metrics.retried(message.channel(), "immediate");
                        return Uni.createFrom().failure(error);
                    }
                    message.decide(action);
                    return Uni.createFrom().voidItem();
                });
    }

    /** The failed attempt could not be counted. */
    private static Uni<Void> uncounted(InboundMessage message, Failure failure, Throwable recordFailure) {
        Failure counting = FailureClassifier.classify(recordFailure);
        if (counting.kind() == FailureKind.INFRASTRUCTURE) {
            // The database is the problem, not the message.
            message.waitForInfrastructure(counting);
        } else if (failure.kind() == FailureKind.PERMANENT) {
            LOG.errorf(recordFailure, "Counting a failed attempt of message %s failed", message.messageId());
            Instant now = Instant.now();
            message.failed(failure, new AttemptCount(1, now, now));
            message.decide(new RecoveryAction.DeadLetter(failure.reason()));
        } else {
            // Not the database's fault either: a bug of ours. Never pause every consumer for it.
            LOG.errorf(recordFailure, "Counting a failed attempt of message %s failed", message.messageId());
            message.failed(failure, null);
            message.decide(new RecoveryAction.DelayedRedelivery());
        }
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> proceed(InvocationContext invocation) {
        try {
            Object result = invocation.proceed();
            if (result == null) {
                return Uni.createFrom().voidItem();
            }
            return ((Uni<?>) result).replaceWithVoid();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static boolean isBatch(InvocationContext invocation) {
        return invocation.getTarget() instanceof BatchHandler && invocation.getMethod().getName().equals("handleAll")
                && invocation.getParameters().length == 1 && invocation.getParameters()[0] instanceof List;
    }

    private static InboundMessage messageOf(InvocationContext invocation) {
        for (Object parameter : invocation.getParameters()) {
            if (parameter instanceof InboundMessage message) {
                return message;
            }
        }
        throw new IllegalStateException("@ExactlyOnce method " + invocation.getMethod()
                + " must take an InboundMessage parameter");
    }
}
