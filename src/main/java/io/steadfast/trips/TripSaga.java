package io.steadfast.trips;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.recoverability.PermanentFailure;
import io.steadfast.runtime.saga.SagaDefinition;
import io.steadfast.runtime.saga.SagaReplyHandler;
import io.steadfast.runtime.saga.SagaStep;
import io.steadfast.trips.TripState.Status;
import io.steadfast.trips.TripState.Step;
import io.steadfast.trips.TripState.StepStatus;

/**
 * The trip: a car, a hotel and a flight reserved in parallel, or none of them.
 * <ul>
 * <li>All three reserve: CONFIRMED.</li>
 * <li>One refuses, or one does not answer within {@code trips.reply-timeout}: every participant is asked to cancel
 * (one message to the topic); each answers once it holds nothing for the trip, returning what it had reserved. When
 * all three have answered, the trip is CANCELLED with the first reason.</li>
 * <li>A reservation that arrives after the trip began cancelling is covered by the cancellation sent after it (each
 * participant takes a trip's messages in order); one that arrives after the trip was cancelled is cancelled again.</li>
 * <li>Cancellations not confirmed after {@code trips.cancel-attempts} requests, or a cancellation nobody asked for:
 * NEEDS_ATTENTION.</li>
 * </ul>
 */
@ApplicationScoped
@Startup
public class TripSaga implements SagaDefinition<TripState> {

    public static final String TYPE = "trip";
    /** The channel of the participants' replies, {@value TripMessages#REPLIES}: consumed by the saga runtime. */
    static final String REPLIES = "trip-replies";
    static final String REPLY_DEADLINE = "replies";
    static final String CANCEL_DEADLINE = "cancellations";

    @Inject
    TripConfig config;
    @Inject
    Consumers consumers;
    @Inject
    SagaReplyHandler replies;

    @PostConstruct
    void register() {
        consumers.register(REPLIES, replies);
    }

    @Incoming(REPLIES)
    public Uni<Void> receive(Message<Object> message) {
        return consumers.admit(REPLIES, message);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<TripState> stateClass() {
        return TripState.class;
    }

    /** The first step of a new trip: one request to all participants, and the deadline for their answers. */
    SagaStep<TripState> begin(UUID tripId, Map<String, String> items) {
        return SagaStep.to(TripState.requested(tripId, items))
                .send(TripMessages.reserve(tripId, items))
                .deadline(REPLY_DEADLINE, config.replyTimeout())
                .note("requested " + items);
    }

    @Override
    public SagaStep<TripState> onMessage(TripState state, InboundMessage message) {
        JsonNode reply = message.json();
        String type = reply.path("type").asText("");
        String participant = reply.path("participant").asText("");
        Step step = state.steps.get(participant);
        if (step == null) {
            throw new PermanentFailure(PermanentFailure.INVALID, "Unknown participant '" + participant + "'");
        }
        String reason = reply.path("reason").asText(null);
        return switch (type) {
            case TripMessages.RESERVED -> reserved(state, participant, step);
            case TripMessages.UNAVAILABLE -> unavailable(state, participant, step, reason);
            case TripMessages.CANCELLED -> cancelled(state, participant, step);
            default -> throw new PermanentFailure(PermanentFailure.INVALID, "Unknown reply type '" + type + "'");
        };
    }

    private SagaStep<TripState> reserved(TripState state, String participant, Step step) {
        step.reserved = true;
        if (state.status == Status.PENDING && step.status == StepStatus.CANCELLED) {
            // It said it cancelled, unasked; which answer holds is an operator's call (a retry asks again).
            return SagaStep.ignore(state, participant + " reserved " + step.item + " after saying it cancelled");
        }
        if (state.status == Status.PENDING) {
            step.status = StepStatus.RESERVED;
            if (state.all(StepStatus.RESERVED)) {
                state.status = Status.CONFIRMED;
                return SagaStep.to(state).note(participant + " reserved " + step.item).note("confirmed").complete();
            }
            return SagaStep.to(state).note(participant + " reserved " + step.item);
        }
        if (state.status == Status.CANCELLED) {
            // Cannot happen while participants take a trip's messages in order; compensated all the same.
            step.status = StepStatus.CANCEL_REQUESTED;
            return SagaStep.to(state).send(TripMessages.cancel(state.tripId, List.of(participant)))
                    .note(participant + " reserved after the trip was cancelled: cancelling it again");
        }
        // CANCELLING: the cancellation sent to everyone comes after this request, so it covers this reservation.
        return SagaStep.ignore(state, participant + " reserved late, while cancelling; its cancellation is on its way");
    }

    private SagaStep<TripState> unavailable(TripState state, String participant, Step step, String reason) {
        String why = participant + " unavailable" + (reason == null ? "" : ": " + reason);
        if (state.status == Status.PENDING) {
            step.status = StepStatus.UNAVAILABLE;
            step.reason = reason;
            return startCancelling(state, why);
        }
        return SagaStep.ignore(state, why + " (already " + state.status + ")");
    }

    private SagaStep<TripState> cancelled(TripState state, String participant, Step step) {
        if (state.status == Status.PENDING || state.status == Status.CONFIRMED) {
            // Taken as a fact, so the trip cannot confirm without it; an operator's retry asks everyone again.
            String reason = participant + " cancelled its part of a " + state.status + " trip without being asked";
            step.status = StepStatus.CANCELLED;
            step.reason = "cancelled without being asked";
            return SagaStep.stuck(state, reason);
        }
        step.status = StepStatus.CANCELLED;
        if (state.status == Status.CANCELLING && state.all(StepStatus.CANCELLED)) {
            state.status = Status.CANCELLED;
            return SagaStep.to(state).note(participant + " cancelled").note("cancelled: " + state.reason).complete();
        }
        return SagaStep.to(state).note(participant + " cancelled");
    }

    @Override
    public SagaStep<TripState> onDeadline(TripState state, String deadline) {
        if (REPLY_DEADLINE.equals(deadline) && state.status == Status.PENDING) {
            List<String> silent = state.steps.entrySet().stream()
                    .filter(entry -> entry.getValue().status == StepStatus.REQUESTED).map(Map.Entry::getKey).toList();
            silent.forEach(participant -> state.steps.get(participant).status = StepStatus.TIMED_OUT);
            return startCancelling(state, "no answer from " + String.join(", ", silent) + " within "
                    + config.replyTimeout().toMillis() + " ms");
        }
        if (CANCEL_DEADLINE.equals(deadline) && state.status == Status.CANCELLING) {
            List<String> unconfirmed = state.notYet(StepStatus.CANCELLED);
            if (state.cancelRequests >= config.cancelAttempts()) {
                return SagaStep.stuck(state, "cancellation not confirmed by " + String.join(", ", unconfirmed)
                        + " after " + state.cancelRequests + " requests");
            }
            return askToCancel(state, unconfirmed).note("asked again to cancel: " + unconfirmed);
        }
        return SagaStep.ignore(state, "deadline " + deadline + " passed while " + state.status);
    }

    @Override
    public SagaStep<TripState> onRetry(TripState state) {
        if (state.status == Status.CANCELLING) {
            state.cancelRequests = 0;
            return askToCancel(state, state.notYet(StepStatus.CANCELLED));
        }
        List<String> waiting = state.steps.entrySet().stream()
                .filter(entry -> entry.getValue().status == StepStatus.REQUESTED).map(Map.Entry::getKey).toList();
        if (state.status == Status.PENDING) {
            // Participants answer a repeated request from what they recorded the first time.
            state.steps.values().forEach(step -> {
                if (step.status == StepStatus.CANCELLED) {
                    step.status = StepStatus.REQUESTED;
                }
            });
            Map<String, String> items = new LinkedHashMap<>();
            state.steps.forEach((participant, step) -> items.put(participant, step.item));
            return SagaStep.to(state).send(TripMessages.reserve(state.tripId, items))
                    .deadline(REPLY_DEADLINE, config.replyTimeout()).note("asked again to reserve: " + waiting);
        }
        return SagaStep.stuck(state, "nothing to retry in a " + state.status + " trip");
    }

    @Override
    public SagaStep<TripState> onCancel(TripState state) {
        if (state.status == Status.CANCELLING) {
            state.cancelRequests = 0;
            return askToCancel(state, state.notYet(StepStatus.CANCELLED));
        }
        return startCancelling(state, "cancelled by an operator");
    }

    private SagaStep<TripState> startCancelling(TripState state, String reason) {
        state.status = Status.CANCELLING;
        state.reason = reason;
        state.cancelRequests = 0;
        // Everyone is asked, even a participant that said it cancelled: asking again costs nothing, trusting it
        // could leave a unit held.
        state.steps.values().forEach(step -> step.status = StepStatus.CANCEL_REQUESTED);
        return askToCancel(state, List.copyOf(state.steps.keySet())).clearDeadline(REPLY_DEADLINE)
                .note("cancelling: " + reason);
    }

    private SagaStep<TripState> askToCancel(TripState state, List<String> participants) {
        state.cancelRequests++;
        return SagaStep.to(state).send(TripMessages.cancel(state.tripId, participants))
                .deadline(CANCEL_DEADLINE, config.cancelTimeout());
    }
}
