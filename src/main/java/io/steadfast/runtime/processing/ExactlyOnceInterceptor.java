package io.steadfast.runtime.processing;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
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

/**
 * One attempt of one message. First the attempt is counted, in a transaction of its own, so that attempts which
 * never report back (the process died during them) still spend the budget; a message whose budget is already spent
 * that way is dead-lettered without running. Then inbox insert, handler, commit, in a single transaction. On
 * failure it records why (in its own transaction) and asks the policy what next. Only "retry now" is thrown back to the Fault
 * Tolerance interceptor around it; every other decision is recorded on the message and the call completes, so no
 * {@code @Retry} setting can retry a message that must not be retried.
 * <p>
 * The priority puts it inside SmallRye Fault Tolerance's interceptor ({@code PLATFORM_AFTER + 10}).
 */
@ExactlyOnce
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class ExactlyOnceInterceptor {

    @Inject
    Inbox inbox;

    @Inject
    AttemptStore attemptStore;

    @Inject
    SteadfastMetrics metrics;

    @Inject
    CrashPoints crashPoints;

    @AroundInvoke
    Object attempt(InvocationContext invocation) {
        InboundMessage message = messageOf(invocation);
        String consumer = message.consumer();
        String id = message.messageId();
        return Contexts.on(message.context(), () -> attemptStore.start(consumer, id)
                .onItemOrFailure().transformToUni((started, startFailure) -> {
                    if (startFailure != null) {
                        return afterFailedAttempt(message, startFailure, false);
                    }
                    if (started.overBudget(message.attemptBudget())) {
                        return endedWithoutOutcome(message, started);
                    }
                    return Panache.withTransaction(() -> inbox.claim(consumer, id).chain(claimed -> {
                        crashPoints.reached(CrashPoints.DURING_ATTEMPT, id);
                        // Either way the message is done: its attempt count goes with the transaction.
                        Uni<Void> work = claimed ? proceed(invocation) : Uni.createFrom().voidItem();
                        return work.chain(() -> attemptStore.clear(consumer, id)).replaceWith(!claimed);
                    }))
                            .invoke(message::committed)
                            .replaceWithVoid()
                            .onFailure().recoverWithUni(failure -> afterFailedAttempt(message, failure, true));
                }));
    }

    private static Uni<Void> endedWithoutOutcome(InboundMessage message, StartedAttempt started) {
        int previous = started.count().attempts() - 1;
        IllegalStateException cause = new IllegalStateException(previous + " attempts started and none committed;"
                + " the last ended without an outcome (the process stopped during it)"
                + (started.lastError() == null ? "" : ". Latest recorded failure: " + started.lastError()));
        AttemptCount spent = new AttemptCount(previous, started.count().firstFailureAt(),
                started.count().lastFailureAt());
        message.failed(new Failure(FailureKind.TRANSIENT, Failure.ATTEMPTS_EXHAUSTED, cause), spent);
        message.decide(new RecoveryAction.DeadLetter(Failure.ATTEMPTS_EXHAUSTED));
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> afterFailedAttempt(InboundMessage message, Throwable error, boolean started) {
        Failure failure = FailureClassifier.classify(error);
        if (failure.kind() == FailureKind.INFRASTRUCTURE) {
            message.failed(failure, null);
            message.decide(new RecoveryAction.WaitForInfrastructure());
            return Uni.createFrom().voidItem();
        }
        return attemptStore.recordFailure(message.consumer(), message.messageId(), error, started)
                .onItemOrFailure().transformToUni((count, recordFailure) -> {
                    if (recordFailure != null) {
                        // The attempt cannot even be counted: the database is the problem, not the message.
                        message.failed(FailureClassifier.classify(recordFailure), null);
                        message.decide(new RecoveryAction.WaitForInfrastructure());
                        return Uni.createFrom().voidItem();
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
