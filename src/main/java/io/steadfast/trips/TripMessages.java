package io.steadfast.trips;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steadfast.runtime.outbox.OutgoingMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The scenario's messages. Requests go to the topic {@value #REQUESTS}, to which each participant's queue
 * subscribes: one message reaches all three. Participants answer on the queue {@value #REPLIES}. Every message of a
 * trip carries the trip id as partition key, so a participant sees a trip's requests, and the saga its replies, in
 * the order they were sent.
 */
public final class TripMessages {

    public static final String REQUESTS = "trips.requests";
    public static final String REPLIES = "trips.replies";
    public static final List<String> PARTICIPANTS = List.of("car", "hotel", "flight");

    static final String RESERVE = "ReserveRequested";
    static final String CANCEL = "CancelRequested";
    static final String RESERVED = "Reserved";
    static final String UNAVAILABLE = "Unavailable";
    static final String CANCELLED = "Cancelled";

    private TripMessages() {
    }

    static OutgoingMessage reserve(UUID tripId, Map<String, String> items) {
        JsonObject wanted = new JsonObject();
        items.forEach(wanted::put);
        return OutgoingMessage.json(REQUESTS, new JsonObject().put("type", RESERVE).put("tripId", tripId.toString())
                .put("items", wanted).encode(), tripId.toString(), Map.of());
    }

    static OutgoingMessage cancel(UUID tripId, Collection<String> participants) {
        return OutgoingMessage.json(REQUESTS, new JsonObject().put("type", CANCEL).put("tripId", tripId.toString())
                .put("participants", new JsonArray(List.copyOf(participants))).encode(), tripId.toString(), Map.of());
    }

    static OutgoingMessage reply(String sagaId, UUID tripId, String participant, String type, String reason) {
        JsonObject body = new JsonObject().put("type", type).put("tripId", tripId.toString())
                .put("participant", participant);
        if (reason != null) {
            body.put("reason", reason);
        }
        return OutgoingMessage.json(REPLIES, body.encode(), tripId.toString(),
                Map.of(io.steadfast.runtime.saga.Sagas.SAGA_ID, sagaId));
    }
}
