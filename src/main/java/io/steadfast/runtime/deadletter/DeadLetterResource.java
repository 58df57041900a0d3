package io.steadfast.runtime.deadletter;

import java.util.Locale;

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
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Inspect (viewer), replay and discard (admin) dead letters. */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
public class DeadLetterResource {

    static final int MAX_PAGE_SIZE = 200;

    @Inject
    SecurityIdentity identity;

    @Inject
    DeadLetterOperations operations;

    @GET
    @WithSession
    public Uni<DeadLetterPage> list(@QueryParam("consumer") String consumer, @QueryParam("reason") String reason,
            @QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(400, "invalid-page", "page must be 0 or more and size between 1 and "
                    + MAX_PAGE_SIZE);
        }
        DeadLetterOperations.Filter filter = DeadLetterOperations.Filter.of(consumer, reason,
                status == null ? null : parseStatus(status));
        var query = DeadLetterEntry.<DeadLetterEntry> find(filter.where(), Sort.by("id"), filter.params())
                .page(Page.of(page, size));
        return query.list().chain(entries -> query.count().map(total -> new DeadLetterPage(
                entries.stream().map(DeadLetterView::summary).toList(), page, size, total)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<DeadLetterView> get(@PathParam("id") long id) {
        return DeadLetterEntry.<DeadLetterEntry> findById(id)
                .map(entry -> DeadLetterView.detail(DeadLetterOperations.found(entry, id)));
    }

    /**
     * Sends the original body, properties and message id back to the original address, once: {@code 202} when this
     * call sent it, {@code 200} when it had been replayed already (nothing sent).
     */
    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "202", description = "Sent by this call",
            content = @Content(schema = @Schema(implementation = DeadLetterView.class)))
    @APIResponse(responseCode = "200", description = "Replayed before: nothing sent",
            content = @Content(schema = @Schema(implementation = DeadLetterView.class)))
    public Uni<Response> replay(@PathParam("id") long id) {
        return operations.replay(id, caller()).map(replay -> (replay.sent() ? Response.accepted() : Response.ok())
                .entity(DeadLetterView.detail(replay.entry())).build());
    }

    /** Marks the entry DISCARDED; it is kept for the record. */
    @POST
    @Path("/{id}/discard")
    @RolesAllowed(Roles.ADMIN)
    public Uni<DeadLetterView> discard(@PathParam("id") long id) {
        return operations.discard(id, caller()).map(DeadLetterView::detail);
    }

    /** Replays every pending entry of the filter (consumer and/or reason), oldest first, up to 500 a call. */
    @POST
    @Path("/replay")
    @RolesAllowed(Roles.ADMIN)
    public Uni<DeadLetterOperations.Bulk> replayAll(@QueryParam("consumer") String consumer,
            @QueryParam("reason") String reason) {
        return operations.replayAll(consumer, reason, caller());
    }

    /** Discards every pending entry of the filter (consumer and/or reason). */
    @POST
    @Path("/discard")
    @RolesAllowed(Roles.ADMIN)
    public Uni<DeadLetterOperations.Bulk> discardAll(@QueryParam("consumer") String consumer,
            @QueryParam("reason") String reason) {
        return operations.discardAll(consumer, reason, caller());
    }

    private String caller() {
        return identity.getPrincipal().getName();
    }

    private static DeadLetterStatus parseStatus(String status) {
        try {
            return DeadLetterStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-status", "status is one of PENDING, REPLAYED, DISCARDED");
        }
    }
}
