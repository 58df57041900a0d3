package io.steadfast.trips;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.processing.ExactlyOnce;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.processing.MessageHandler;
import io.steadfast.runtime.recoverability.PermanentFailure;
import io.steadfast.runtime.saga.Sagas;

/**
 * A participant of the trip: reserves one unit of an item from its own inventory, or cancels what it reserved,
 * answering the saga either way. Each participant has its own tables ({@code trip_<name>_inventory},
 * {@code trip_<name>_reservation}) and its own consumer, so its own inbox rows, as if it were a separate service.
 * <p>
 * Every request is answered from the reservation row once there is one, so a repeated request (a retry by an
 * operator) gets the first answer and changes nothing. A cancellation that arrives before its request leaves a
 * CANCELLED row, and the request that follows reserves nothing.
 */
public abstract class Participant implements MessageHandler {

    private final String name;
    private final String channel;
    private final String findSql;
    private final String takeSql;
    private final String knownSql;
    private final String recordSql;
    private final String cancelSql;
    private final String returnSql;

    @Inject
    Outbox outbox;
    @Inject
    TripConfig config;
    @Inject
    Consumers consumers;

    /**
     * @param name the participant, which names its tables
     * @param channel the channel of its subscription to the trip requests
     */
    protected Participant(String name, String channel) {
        this.name = name;
        this.channel = channel;
        String inventory = "trip_" + name + "_inventory";
        String reservation = "trip_" + name + "_reservation";
        this.findSql = "select status, coalesce(reason, '') from " + reservation + " where trip_id = :trip for update";
        this.takeSql = "update " + inventory + " set available = available - 1 where item = :item and available > 0";
        this.knownSql = "select count(*) from " + inventory + " where item = :item";
        this.recordSql = "insert into " + reservation + " (trip_id, item, status, reason)"
                + " values (:trip, :item, :status, :reason)";
        this.cancelSql = "update " + reservation + " set status = 'CANCELLED', reason = :reason, updated_at = now()"
                + " where trip_id = :trip";
        this.returnSql = "update " + inventory + " set available = available + 1 where item = :item";
    }

    @PostConstruct
    void register() {
        consumers.register(channel, this);
    }

    /** What the participant's {@code @Incoming} method returns for each message of its channel. */
    protected Uni<Void> admit(Message<Object> message) {
        return consumers.admit(channel, message);
    }

    @Override
    @ExactlyOnce
    @Retry(maxRetries = 3, delay = 100, delayUnit = ChronoUnit.MILLIS, jitter = 50)
    @ExponentialBackoff(factor = 2, maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> handle(InboundMessage message) {
        JsonNode request = message.json();
        UUID tripId = tripId(request);
        String sagaId = String.valueOf(message.properties().getOrDefault(Sagas.SAGA_ID, tripId.toString()));
        return switch (request.path("type").asText("")) {
            case TripMessages.RESERVE -> reserve(sagaId, tripId, request.path("items").path(name).asText(""));
            case TripMessages.CANCEL -> {
                boolean mine = false;
                for (JsonNode participant : request.path("participants")) {
                    mine |= name.equals(participant.asText());
                }
                yield mine ? cancel(sagaId, tripId) : Uni.createFrom().voidItem();
            }
            default -> throw new PermanentFailure(PermanentFailure.INVALID,
                    "Unknown request type '" + request.path("type").asText("") + "'");
        };
    }

    private Uni<Void> reserve(String sagaId, UUID tripId, String item) {
        if (item.isBlank()) {
            throw new PermanentFailure(PermanentFailure.INVALID, "The request names no " + name);
        }
        return slowly(item).chain(() -> find(tripId)).chain(existing -> {
            if (existing != null) {
                // Asked before: the recorded answer, again.
                String status = (String) existing[0];
                return switch (status) {
                    case "RESERVED" -> answer(sagaId, tripId, TripMessages.RESERVED, null);
                    case "REFUSED" -> answer(sagaId, tripId, TripMessages.UNAVAILABLE, (String) existing[1]);
                    default -> answer(sagaId, tripId, TripMessages.UNAVAILABLE, "cancelled before it was requested");
                };
            }
            return update(takeSql, tripId, item, null).chain(taken -> taken == 1
                    ? record(tripId, item, "RESERVED", null)
                            .chain(() -> answer(sagaId, tripId, TripMessages.RESERVED, null))
                    : reasonRefused(item).chain(reason -> record(tripId, item, "REFUSED", reason)
                            .chain(() -> answer(sagaId, tripId, TripMessages.UNAVAILABLE, reason))));
        });
    }

    private Uni<Void> cancel(String sagaId, UUID tripId) {
        return find(tripId).chain(existing -> {
            if (existing == null) {
                // The cancellation overtook the request: the request, when it comes, reserves nothing.
                return record(tripId, "", "CANCELLED", "cancelled before it was requested")
                        .chain(() -> answer(sagaId, tripId, TripMessages.CANCELLED, null));
            }
            if (!"RESERVED".equals(existing[0])) {
                return answer(sagaId, tripId, TripMessages.CANCELLED, null);
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(
                    "select item from trip_" + name + "_reservation where trip_id = :trip", String.class)
                    .setParameter("trip", tripId).getSingleResult())
                    .chain(item -> update(cancelSql, tripId, null, "trip cancelled")
                            .chain(() -> update(returnSql, null, item, null)))
                    .chain(() -> answer(sagaId, tripId, TripMessages.CANCELLED, null));
        });
    }

    private Uni<Object[]> find(UUID tripId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(findSql, Object[].class)
                .setParameter("trip", tripId).getSingleResultOrNull());
    }

    private Uni<String> reasonRefused(String item) {
        return Panache.getSession().chain(session -> session.createNativeQuery(knownSql, Long.class)
                .setParameter("item", item).getSingleResult())
                .map(known -> known > 0 ? "sold out" : "no such " + name + " '" + abbreviate(item) + "'");
    }

    private Uni<Integer> update(String sql, UUID tripId, String item, String reason) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            if (sql.contains(":trip")) {
                query.setParameter("trip", tripId);
            }
            if (sql.contains(":item")) {
                query.setParameter("item", item);
            }
            if (sql.contains(":reason")) {
                query.setParameter("reason", reason);
            }
            return query.executeUpdate();
        });
    }

    private Uni<Void> record(UUID tripId, String item, String status, String reason) {
        return Panache.getSession().chain(session -> session.createNativeQuery(recordSql)
                .setParameter("trip", tripId)
                .setParameter("item", abbreviate(item))
                .setParameter("status", status)
                .setParameter("reason", reason)
                .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> answer(String sagaId, UUID tripId, String type, String reason) {
        return outbox.add(TripMessages.reply(sagaId, tripId, name, type, reason)).replaceWithVoid();
    }

    /** The simulation's late answer (off unless {@code trips.simulation.*} is set). */
    private Uni<Void> slowly(String item) {
        TripConfig.Simulation simulation = config.simulation();
        Duration delay = simulation.slowReplyDelay();
        boolean slow = simulation.slowItems().map(items -> items.contains(item)).orElse(false)
                || ThreadLocalRandom.current().nextDouble() < simulation.slowReplyRate();
        if (!slow || delay.isZero()) {
            return Uni.createFrom().voidItem();
        }
        return Contexts.backToSubscriber(Uni.createFrom().voidItem().onItem().delayIt().by(delay));
    }

    private static UUID tripId(JsonNode request) {
        try {
            return UUID.fromString(request.path("tripId").asText(""));
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure(PermanentFailure.INVALID, "tripId must be a UUID", e);
        }
    }

    private static String abbreviate(String item) {
        return item.length() <= 100 ? item : item.substring(0, 100);
    }
}
