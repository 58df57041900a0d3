package io.steadfast.runtime.processing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.inbox.Inbox;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.recoverability.AttemptOutcome;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.recoverability.Failure;
import io.steadfast.runtime.recoverability.FailureKind;
import io.steadfast.runtime.recoverability.RecoverabilityPolicy;
import io.steadfast.runtime.recoverability.RecoveryAction;
import io.steadfast.runtime.recoverability.StartedAttempt;
import io.steadfast.runtime.testing.CrashPoints;
import io.vertx.core.Context;

/**
 * One attempt of one message, as a function returning its {@link AttemptOutcome}. Its start is noted (a statement of
 * its own on the note pool, committed at once) while its transaction opens, so the note adds no round trip to the
 * attempt; nothing of the message runs before the note has committed. A message whose previous attempt never
 * reported back (the process stopped during it) then runs alone in the process, so that a message which kills the
 * process is told apart from the neighbours it takes down with it, and is given up ({@code crash-loop}) once it has
 * done so its crash budget's worth of times (the transaction is then rolled back before it wrote anything). Then
 * inbox insert (which also deletes the start's note), handler and commit, in that single transaction. On failure it
 * counts the attempt (a statement of its own).
 * <p>
 * The call's {@code Uni} carries the outcome as its item, whatever the handler method declares (it is the handler's
 * {@code Uni<Void>}, consumed by the attempt): the consumer reads it. Only when the policy says "retry now" does the
 * call fail, with {@link RetryNow}, for the Fault Tolerance interceptor around it to retry; so no {@code @Retry}
 * setting can retry a message that must not be retried.
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
    AttemptIsolation isolation;

    @Inject
    NotedStarts notedStarts;

    @Inject
    SteadfastMetrics metrics;

    @Inject
    CrashPoints crashPoints;

    @Inject
    Outbox outbox;

    @AroundInvoke
    Object attempt(InvocationContext invocation) throws Exception {
        if (isBatch(invocation)) {
            // A batch's transaction, inbox claims and failures are the consumer's (BatchAttempts), not an attempt's.
            return invocation.proceed();
        }
        InboundMessage message = messageOf(invocation);
        if (message == null) {
            // Another method of a bean bound at class level (its @Incoming method, say): not an attempt.
            return invocation.proceed();
        }
        return attempt(message, invocation).chain(outcome -> {
            if (outcome instanceof AttemptOutcome.Failed failed && RecoverabilityPolicy.decide(failed,
                    message.attemptBudget(), true) instanceof RecoveryAction.ImmediateRetry) {
                metrics.retried(message.channel(), "immediate");
                return Uni.createFrom().failure(new RetryNow(failed));
            }
            return Uni.createFrom().item(outcome);
        });
    }

    private Uni<AttemptOutcome> attempt(InboundMessage message, InvocationContext invocation) {
        Context context = message.context();
        return Contexts.on(context, () -> isolation.shared(context, () -> {
            // The start is noted while the transaction opens, not before: its statement (on the note pool) runs
            // alongside the session's connection and BEGIN, so it costs the attempt no round trip of its own. The
            // handler runs only once the note has committed. StartNotes completes on the context asking: this one.
            CompletableFuture<StartedAttempt> noted = start(message).subscribeAsCompletionStage();
            return inTransaction(message, invocation, Uni.createFrom().completionStage(noted))
                    .onFailure(Decided.class).recoverWithItem(decided -> ((Decided) decided).outcome);
        }))
                .chain(outcome -> outcome != null ? Uni.createFrom().item(outcome) : alone(message, invocation));
    }

    private Uni<StartedAttempt> start(InboundMessage message) {
        if (message.crashBudget() <= 0) {
            return Uni.createFrom().item(StartedAttempt.UNTRACKED);
        }
        StartedAttempt noted = notedStarts.take(message.consumer(), message.messageId());
        if (noted != null) {
            return Uni.createFrom().item(noted);
        }
        return attemptStore.start(message.consumer(), message.messageId(), message.crashBudget());
    }

    /** The previous attempt was cut off: this one runs with nothing else in the process. */
    private Uni<AttemptOutcome> alone(InboundMessage message, InvocationContext invocation) {
        metrics.cutOff(message.channel());
        return isolation.alone(message.context(), () -> attemptStore.isolate(message.consumer(), message.messageId())
                .onItemOrFailure().transformToUni((ignored, failure) -> failure != null
                        ? FailedAttempts.count(attemptStore, message, failure)
                        : inTransaction(message, invocation, Uni.createFrom().item(StartedAttempt.UNTRACKED))));
    }

    /**
     * Inbox claim (which also deletes the start's notes), handler and commit, in one transaction, once the start is
     * noted. A start that says the message must not run here (crash loop) or not alongside others (its last attempt
     * was cut off) ends the transaction with {@link Decided}, rolled back before anything was written.
     */
    private Uni<AttemptOutcome> inTransaction(InboundMessage message, InvocationContext invocation,
            Uni<StartedAttempt> noted) {
        String id = message.messageId();
        return outbox.withTransaction(() -> noted.chain(started -> {
            if (started.crashes() >= message.crashBudget() && message.crashBudget() > 0) {
                return Uni.createFrom().failure(new Decided(crashLoop(started)));
            }
            if (started.cutOff()) {
                return Uni.createFrom().failure(new Decided(null));
            }
            return inbox.claim(message.consumer(), id);
        }).chain(claimed -> {
            // Processed now or before: either way the claim has forgotten its attempt notes, with this transaction.
            if (!claimed) {
                return Uni.createFrom().<AttemptOutcome> item(new AttemptOutcome.Committed(true));
            }
            crashPoints.reached(CrashPoints.DURING_ATTEMPT, id);
            return proceed(invocation).replaceWith(new AttemptOutcome.Committed(false));
        }))
                // A start that could not be noted fails the attempt like anything else in it.
                .onFailure(failure -> !(failure instanceof Decided))
                .recoverWithUni(failure -> FailedAttempts.count(attemptStore, message, failure));
    }

    /** The start's note decided the attempt before it began: its outcome, or {@code null} to run it alone. */
    private static final class Decided extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient AttemptOutcome outcome;

        Decided(AttemptOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    private static AttemptOutcome crashLoop(StartedAttempt started) {
        IllegalStateException cause = new IllegalStateException("The process stopped during " + started.crashes()
                + " attempts of this message that ran alone in it (" + started.interrupted()
                + " attempts cut off in all); it is not run again");
        return new AttemptOutcome.CrashLoop(new Failure(FailureKind.PERMANENT, Failure.CRASH_LOOP, cause),
                started.asAttemptCount(Instant.now()));
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

    /** The message the call is an attempt of, or {@code null} for a method that takes none. */
    private static InboundMessage messageOf(InvocationContext invocation) {
        for (Object parameter : invocation.getParameters()) {
            if (parameter instanceof InboundMessage message) {
                return message;
            }
        }
        return null;
    }
}
