package io.steadfast.runtime.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.http.ApiException;

/**
 * Idempotency-Key records, in the caller's transaction. Insert first: two requests racing on a key serialise on
 * its primary key, and the second sees what the first committed.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final String INSERT = "insert into steadfast_idempotency (scope, idempotency_key, fingerprint,"
            + " status, resource_id, response_status, response_location, response_body, expires_at, lease_until)"
            + " values (:scope, :key, :fingerprint, :status, :resourceId, :responseStatus, :location, :body,"
            + " now() + make_interval(secs => :ttl), now() + make_interval(secs => :lease)) on conflict do nothing";
    private static final String READ = "select fingerprint, resource_id, status, response_status, response_location,"
            + " response_body, expires_at < now(), lease_until < now() from steadfast_idempotency"
            + " where scope = :scope and idempotency_key = :key for update";
    private static final String RESTART = "update steadfast_idempotency set fingerprint = :fingerprint,"
            + " status = :status, resource_id = :resourceId, response_status = :responseStatus,"
            + " response_location = :location, response_body = :body, created_at = now(),"
            + " expires_at = now() + make_interval(secs => :ttl), lease_until = now() + make_interval(secs => :lease)"
            + " where scope = :scope and idempotency_key = :key";
    private static final String TAKE_OVER = "update steadfast_idempotency set lease_until = now()"
            + " + make_interval(secs => :lease) where scope = :scope and idempotency_key = :key";
    private static final String COMPLETE = "update steadfast_idempotency set status = 'COMPLETED',"
            + " response_status = :responseStatus, response_location = :location, response_body = :body"
            + " where scope = :scope and idempotency_key = :key";
    private static final String FORGET = "delete from steadfast_idempotency where scope = :scope"
            + " and idempotency_key = :key and status = 'IN_FLIGHT'";

    @Inject
    SteadfastConfig config;

    /**
     * Claims a key for a request. With a {@code response} the record is stored completed at once (the request's
     * effects commit in this same transaction); without, it is stored in flight, to be completed or forgotten.
     */
    public Uni<IdempotencyStart> start(String scope, String key, String fingerprint, String resourceId,
            StoredResponse response) {
        return Panache.getSession().chain(session -> bind(session.createNativeQuery(INSERT), scope, key, fingerprint,
                resourceId, response).executeUpdate()
                .chain(inserted -> inserted == 1
                        ? Uni.createFrom().item((IdempotencyStart) new IdempotencyStart.Proceed(resourceId))
                        : session.createNativeQuery(READ, Object[].class)
                                .setParameter("scope", scope)
                                .setParameter("key", key)
                                .getSingleResult()
                                .chain(row -> existing(row, scope, key, fingerprint, resourceId, response))));
    }

    private Uni<IdempotencyStart> existing(Object[] row, String scope, String key, String fingerprint,
            String resourceId, StoredResponse response) {
        boolean expired = (Boolean) row[6];
        if (expired) {
            return Panache.getSession().chain(session -> bind(session.createNativeQuery(RESTART), scope, key,
                    fingerprint, resourceId, response).executeUpdate())
                    .replaceWith(new IdempotencyStart.Proceed(resourceId));
        }
        if (!fingerprint.equals(row[0])) {
            return Uni.createFrom().item(new IdempotencyStart.Mismatch());
        }
        if ("COMPLETED".equals(row[2])) {
            return Uni.createFrom().item(new IdempotencyStart.Replay(
                    new StoredResponse(((Number) row[3]).intValue(), (String) row[4], (String) row[5])));
        }
        boolean abandoned = (Boolean) row[7];
        if (!abandoned) {
            return Uni.createFrom().item(new IdempotencyStart.InFlight());
        }
        String chosen = (String) row[1];
        return Panache.getSession().chain(session -> session.createNativeQuery(TAKE_OVER)
                .setParameter("lease", config.idempotency().lease().toSeconds())
                .setParameter("scope", scope)
                .setParameter("key", key)
                .executeUpdate())
                .replaceWith(new IdempotencyStart.Proceed(chosen));
    }

    /** Stores the response of a request that was in flight. */
    public Uni<Void> complete(String scope, String key, StoredResponse response) {
        return Panache.getSession().chain(session -> session.createNativeQuery(COMPLETE)
                .setParameter("responseStatus", response.status())
                .setParameter("location", response.location())
                .setParameter("body", response.body())
                .setParameter("scope", scope)
                .setParameter("key", key)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Forgets a request that was in flight and failed: the key may be used again as if new. */
    public Uni<Void> forget(String scope, String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FORGET)
                .setParameter("scope", scope)
                .setParameter("key", key)
                .executeUpdate())
                .replaceWithVoid();
    }

    private Mutiny.Query<?> bind(Mutiny.Query<?> query, String scope, String key, String fingerprint,
            String resourceId, StoredResponse response) {
        return query.setParameter("scope", scope)
                .setParameter("key", key)
                .setParameter("fingerprint", fingerprint)
                .setParameter("status", response == null ? "IN_FLIGHT" : "COMPLETED")
                .setParameter("resourceId", resourceId)
                .setParameter("responseStatus", response == null ? null : response.status())
                .setParameter("location", response == null ? null : response.location())
                .setParameter("body", response == null ? null : response.body())
                .setParameter("ttl", config.idempotency().retention().toSeconds())
                .setParameter("lease", config.idempotency().lease().toSeconds());
    }

    /** Whose keys a request's key is among: the caller's name, or the anonymous scope. */
    public static String scopeOf(SecurityContext security) {
        return security.getUserPrincipal() == null ? "" : security.getUserPrincipal().getName();
    }

    /** Refuses a request without a usable Idempotency-Key: 400 {@code idempotency-key-missing} or {@code -too-long}. */
    public static void requireValid(String key) {
        if (key == null || key.isBlank()) {
            throw new ApiException(400, "idempotency-key-missing", "The Idempotency-Key header is required");
        }
        if (key.length() > 255) {
            throw new ApiException(400, "idempotency-key-too-long", "An Idempotency-Key has at most 255 characters");
        }
    }

    /**
     * The answer to a request whose key was seen before: the stored response, or 409 {@code idempotency-key-in-flight}
     * while the first is still running, or 422 {@code idempotency-key-reused} for a different request.
     */
    public static StoredResponse answerSeen(IdempotencyStart start) {
        if (start instanceof IdempotencyStart.Replay replay) {
            return replay.response();
        }
        if (start instanceof IdempotencyStart.InFlight) {
            throw new ApiException(409, "idempotency-key-in-flight",
                    "A request with this Idempotency-Key is still being processed; retry later");
        }
        throw new ApiException(422, "idempotency-key-reused", "This Idempotency-Key was used with a different request");
    }
}
