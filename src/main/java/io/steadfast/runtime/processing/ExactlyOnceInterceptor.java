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
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.recoverability.Failure;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;
import io.steadfast.runtime.recoverability.RecoverabilityPolicy;
import io.steadfast.runtime.recoverability.RecoveryAction;

/**
 * One attempt of one message: inbox insert, handler, commit, in a single transaction. On failure it counts the
 * attempt (in its own transaction) and asks the policy what next. Only "retry now" is thrown back to the Fault
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

    @AroundInvoke
    Object attempt(InvocationContext invocation) {
        InboundMessage message = messageOf(invocation);
        return Contexts.on(message.context(), () -> Panache.withTransaction(
                () -> inbox.claim(message.consumer(), message.messageId()).chain(claimed -> claimed
                        ? proceed(invocation).chain(() -> attemptStore.clear(message.consumer(), message.messageId()))
                                .replaceWith(Boolean.FALSE)
                        : Uni.createFrom().item(Boolean.TRUE)))
                .invoke(message::committed)
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> afterFailedAttempt(message, failure)));
    }

    private Uni<Void> afterFailedAttempt(InboundMessage message, Throwable error) {
        Failure failure = FailureClassifier.classify(error);
        if (failure.kind() == FailureKind.INFRASTRUCTURE) {
            message.failed(failure, null);
            message.decide(new RecoveryAction.WaitForInfrastructure());
            return Uni.createFrom().voidItem();
        }
        return attemptStore.recordFailure(message.consumer(), message.messageId(), error)
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
