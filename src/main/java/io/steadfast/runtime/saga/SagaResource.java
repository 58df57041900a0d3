package io.steadfast.runtime.saga;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.security.Roles;

/**
 * Sagas for operators: list (e.g. {@code ?status=NEEDS_ATTENTION}) and inspect (viewer); retry a stuck saga's step
 * or cancel a saga (admin).
 */
@Path("/sagas")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
public class SagaResource {

    private static final Logger LOG = Logger.getLogger(SagaResource.class);
    static final int MAX_LIMIT = 500;

    @Inject
    Outbox outbox;

    @Inject
    SecurityIdentity identity;
    @Inject
    Sagas sagas;
    @Inject
    SagaQueries queries;

    @GET
    public Uni<List<SagaQueries.Summary>> list(@QueryParam("status") String status, @QueryParam("type") String type,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(400, "invalid-limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return queries.list(status == null ? null : parseStatus(status), type, limit);
    }

    @GET
    @Path("/{id}")
    public Uni<SagaView> get(@PathParam("id") String id) {
        UUID sagaId = parseId(id);
        return queries.find(sagaId).map(view -> found(view, sagaId));
    }

    /** Runs the stuck step again (the definition's {@code onRetry}); 409 {@code saga-not-stuck} unless stuck. */
    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Roles.ADMIN)
    public Uni<SagaView> retry(@PathParam("id") String id) {
        return operate(parseId(id), "retried", sagas::retry);
    }

    /** Compensates what the saga did (the definition's {@code onCancel}); 409 {@code saga-completed} once over. */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.ADMIN)
    public Uni<SagaView> cancel(@PathParam("id") String id) {
        return operate(parseId(id), "cancelled", sagas::cancel);
    }

    private Uni<SagaView> operate(UUID sagaId, String done, BiFunction<UUID, String, Uni<SagaStatus>> operation) {
        String operator = identity.getPrincipal().getName();
        return outbox.withTransaction(() -> operation.apply(sagaId, operator))
                .invoke(status -> LOG.infof("Saga %s %s by %s: now %s", sagaId, done, operator, status))
                .chain(() -> queries.find(sagaId)).map(view -> found(view, sagaId));
    }

    private static SagaView found(SagaView view, UUID id) {
        if (view == null) {
            throw new ApiException(404, "saga-not-found", "No saga " + id);
        }
        return view;
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-saga-id", "A saga id is a UUID");
        }
    }

    private static SagaStatus parseStatus(String status) {
        try {
            return SagaStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-status", "status is one of RUNNING, COMPLETED, NEEDS_ATTENTION");
        }
    }
}
