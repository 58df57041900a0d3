package io.steadfast.runtime.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.steadfast.runtime.outbox.OutgoingMessage;

/**
 * What a saga does in answer to one event: its new state, the commands it sends (through the outbox, in the same
 * transaction), the deadlines it sets or clears, a line for its history, and whether it is now finished or needs an
 * operator. Built by the definition; applied by the runtime once the saga's version check passes.
 *
 * @param <S> the saga's state type
 */
public final class SagaStep<S> {

    private final S state;
    private final List<OutgoingMessage> commands = new ArrayList<>();
    private final Map<String, Duration> deadlines = new LinkedHashMap<>();
    private final List<String> cleared = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private SagaStatus status = SagaStatus.RUNNING;
    private String reason;

    private SagaStep(S state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /** The saga goes on in this state. */
    public static <S> SagaStep<S> to(S state) {
        return new SagaStep<>(state);
    }

    /** Nothing changes, nothing is sent: an event the saga has seen already, or no longer cares about. */
    public static <S> SagaStep<S> ignore(S state, String note) {
        return new SagaStep<>(state).note(note);
    }

    /** The definition has no answer: the saga stops in {@link SagaStatus#NEEDS_ATTENTION} with this reason. */
    public static <S> SagaStep<S> stuck(S state, String reason) {
        return new SagaStep<>(state).needsAttention(reason);
    }

    /** Sends a command once the step commits; the saga's id travels with it as the {@value Sagas#SAGA_ID} header. */
    public SagaStep<S> send(OutgoingMessage command) {
        commands.add(Objects.requireNonNull(command, "command"));
        return this;
    }

    /** Fires {@link SagaDefinition#onDeadline} with this name unless cleared (or set again) before it is due. */
    public SagaStep<S> deadline(String name, Duration after) {
        deadlines.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(after, "after"));
        cleared.remove(name);
        return this;
    }

    public SagaStep<S> clearDeadline(String name) {
        deadlines.remove(name);
        cleared.add(name);
        return this;
    }

    /** A line for the saga's history. */
    public SagaStep<S> note(String entry) {
        notes.add(Objects.requireNonNull(entry, "entry"));
        return this;
    }

    /** The saga is over; its remaining deadlines are dropped. */
    public SagaStep<S> complete() {
        status = SagaStatus.COMPLETED;
        return this;
    }

    public SagaStep<S> needsAttention(String why) {
        status = SagaStatus.NEEDS_ATTENTION;
        reason = Objects.requireNonNull(why, "why");
        return note("needs attention: " + why);
    }

    public S state() {
        return state;
    }

    List<OutgoingMessage> commands() {
        return commands;
    }

    Map<String, Duration> deadlines() {
        return deadlines;
    }

    List<String> cleared() {
        return cleared;
    }

    List<String> notes() {
        return notes;
    }

    SagaStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
