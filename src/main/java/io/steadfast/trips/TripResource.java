package io.steadfast.trips;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.idempotency.Fingerprints;
import io.steadfast.runtime.idempotency.IdempotencyKeys;
import io.steadfast.runtime.idempotency.IdempotencyStart;
import io.steadfast.runtime.idempotency.StoredResponse;
import io.steadfast.runtime.saga.SagaQueries;
import io.steadfast.runtime.saga.SagaView;
import io.steadfast.runtime.saga.Sagas;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Book a trip (a car, a hotel and a flight, all or none) and follow it. */
@Path("/trips")
@Produces(MediaType.APPLICATION_JSON)
public class TripResource {

    /** A trip as its owner sees it: its state, each participant's part, and what happened, in order. */
    public record TripView(String tripId, String status, String reason, Map<String, StepView> steps,
            List<SagaView.HistoryEntry> history, String saga) {
    }

    public record StepView(String item, String status, String reason) {
    }

    /** The body of {@code POST /trips}, as documented. */
    @Schema(description = "What to reserve: all three, or none")
    public record TripRequest(@Schema(required = true) String car, @Schema(required = true) String hotel,
            @Schema(required = true) String flight) {
    }

    /** The answer of {@code POST /trips}. */
    public record Accepted(String tripId, @Schema(enumeration = "PENDING") String status) {
    }

    @Inject
    Outbox outbox;

    @Inject
    IdempotencyKeys keys;
    @Inject
    Sagas sagas;
    @Inject
    SagaQueries queries;
    @Inject
    TripSaga saga;

    /**
     * Requests the trip: {@code {"car": "...", "hotel": "...", "flight": "..."}}. Answered 202 with the trip's id
     * once the request is stored; the reservations run behind it. Safe to retry with the same Idempotency-Key.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TripRequest.class)))
    @APIResponse(responseCode = "202", description = "Stored; the reservations run behind the answer",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    public Uni<Response> book(@HeaderParam("Idempotency-Key") String key, JsonNode body,
            @Context SecurityContext security) {
        IdempotencyKeys.requireValid(key);
        Map<String, String> items = validate(body);
        String scope = IdempotencyKeys.scopeOf(security);
        String fingerprint = Fingerprints.of("POST", "/trips", body);
        UUID tripId = UUID.randomUUID();
        return outbox.withTransaction(() -> keys.start(scope, key, fingerprint, tripId.toString(), null)
                .chain(start -> {
                    if (!(start instanceof IdempotencyStart.Proceed)) {
                        return Uni.createFrom().item(IdempotencyKeys.answerSeen(start));
                    }
                    StoredResponse accepted = accepted(tripId);
                    return sagas.start(saga, tripId, saga.begin(tripId, items))
                            .chain(() -> keys.complete(scope, key, accepted))
                            .replaceWith(accepted);
                }))
                .map(StoredResponse::toResponse);
    }

    @GET
    @Path("/{tripId}")
    public Uni<TripView> get(@PathParam("tripId") String tripId) {
        UUID id;
        try {
            id = UUID.fromString(tripId);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-trip-id", "A trip id is a UUID");
        }
        return queries.find(id).map(view -> {
            if (view == null || !TripSaga.TYPE.equals(view.type())) {
                throw new ApiException(404, "trip-not-found", "No trip " + tripId);
            }
            JsonNode state = view.state();
            Map<String, StepView> steps = new LinkedHashMap<>();
            state.path("steps").fields().forEachRemaining(step -> steps.put(step.getKey(), new StepView(
                    step.getValue().path("item").asText(), step.getValue().path("status").asText(),
                    step.getValue().path("reason").asText(null))));
            return new TripView(tripId, state.path("status").asText(), state.path("reason").asText(null), steps,
                    view.history(), view.status().name());
        });
    }

    private static Map<String, String> validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(422, "invalid-trip", "The body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!TripMessages.PARTICIPANTS.contains(name)) {
                problems.add("unknown field '" + (name.length() <= 50 ? name : name.substring(0, 50) + "...") + "'");
            }
        });
        Map<String, String> items = new LinkedHashMap<>();
        for (String participant : TripMessages.PARTICIPANTS) {
            JsonNode item = body.get(participant);
            if (item == null || !item.isTextual() || item.asText().isBlank()) {
                problems.add(participant + " must be a non-empty string");
            } else if (item.asText().length() > 100) {
                problems.add(participant + " has at most 100 characters");
            } else {
                items.put(participant, item.asText());
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(422, "invalid-trip", String.join("; ", problems));
        }
        return items;
    }

    private static StoredResponse accepted(UUID tripId) {
        return new StoredResponse(202, "/trips/" + tripId,
                new JsonObject().put("tripId", tripId.toString()).put("status", "PENDING").encode());
    }
}
