package io.steadfast.trips;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The trip saga's state, stored as JSON with the saga. Public fields: it is a plain Jackson document. */
public class TripState {

    public enum Status {
        /** Reservations requested, not all answered. */
        PENDING,
        /** Every participant reserved. Final. */
        CONFIRMED,
        /** Something was refused or timed out: every participant is asked to cancel. */
        CANCELLING,
        /** Every participant confirmed it holds nothing for the trip. Final. */
        CANCELLED
    }

    public enum StepStatus {
        REQUESTED, RESERVED, UNAVAILABLE, TIMED_OUT, CANCEL_REQUESTED, CANCELLED
    }

    /** One participant's part of the trip. */
    public static class Step {
        public String item;
        public StepStatus status;
        public String reason;
        /** Whether the participant ever answered that it reserved (a late answer included). */
        public boolean reserved;

        public Step() {
        }

        Step(String item) {
            this.item = item;
            this.status = StepStatus.REQUESTED;
        }
    }

    public UUID tripId;
    public Status status = Status.PENDING;
    public String reason;
    public Map<String, Step> steps = new LinkedHashMap<>();
    /** Cancellation requests sent so far in the current round of asking. */
    public int cancelRequests;

    static TripState requested(UUID tripId, Map<String, String> items) {
        TripState state = new TripState();
        state.tripId = tripId;
        items.forEach((participant, item) -> state.steps.put(participant, new Step(item)));
        return state;
    }

    boolean all(StepStatus status) {
        return steps.values().stream().allMatch(step -> step.status == status);
    }

    List<String> notYet(StepStatus status) {
        List<String> participants = new ArrayList<>();
        steps.forEach((participant, step) -> {
            if (step.status != status) {
                participants.add(participant);
            }
        });
        return participants;
    }
}
