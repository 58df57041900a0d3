package io.steadfast.runtime.saga;

import io.steadfast.runtime.processing.InboundMessage;

/**
 * A saga (process manager): how one kind of long-running process answers each event. Implementations are CDI beans;
 * they hold no state of their own and do no I/O: the runtime loads the state, calls one method, and commits what it
 * returns (new state, commands through the outbox, deadlines, history) in the transaction that consumed the event,
 * guarded by the saga's version.
 * <p>
 * Every method may be called with an event that arrives late or twice over (a reply after its deadline, a reply to a
 * step already compensated): answer from the state, never from the event alone.
 *
 * @param <S> the saga's state, stored as JSON (a Jackson-mappable class)
 */
public interface SagaDefinition<S> {

    /** The saga type's name, stored with each saga; never change it while sagas of the type are running. */
    String type();

    Class<S> stateClass();

    /** A reply addressed to the saga (its {@value Sagas#SAGA_ID} header names it). */
    SagaStep<S> onMessage(S state, InboundMessage message);

    /** A deadline set by an earlier step fell due before it was cleared. */
    SagaStep<S> onDeadline(S state, String deadline);

    /** An operator asks a saga in {@link SagaStatus#NEEDS_ATTENTION} to try its current step again. */
    SagaStep<S> onRetry(S state);

    /** An operator cancels the saga: compensate what was done; the saga completes once that is answered. */
    SagaStep<S> onCancel(S state);
}
