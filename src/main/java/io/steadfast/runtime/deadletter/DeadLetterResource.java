package io.steadfast.runtime.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.processing.Contexts;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.security.Roles;
import io.steadfast.runtime.transport.MessageSender;
import io.steadfast.runtime.transport.OutboundEnvelope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Inspect (viewer), replay and discard (admin) dead letters. */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
public class DeadLetterResource {

    static final int MAX_PAGE_SIZE = 200;

    private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);

    @Inject
    SecurityIdentity identity;

    @Inject
    MessageSender sender;

    @Inject
    AttemptStore attempts;

    @GET
    @WithSession
    public Uni<DeadLetterPage> list(@QueryParam("consumer") String consumer, @QueryParam("reason") String reason,
            @QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(400, "invalid-page", "page must be 0 or more and size between 1 and "
                    + MAX_PAGE_SIZE);
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (consumer != null) {
            where.add("consumer = :consumer");
            params.put("consumer", consumer);
        }
        if (reason != null) {
            where.add("reason = :reason");
            params.put("reason", reason);
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", parseStatus(status));
        }
        var query = DeadLetterEntry.<DeadLetterEntry> find(String.join(" and ", where), Sort.by("id"), params)
                .page(Page.of(page, size));
        return query.list().chain(entries -> query.count().map(total -> new DeadLetterPage(
                entries.stream().map(DeadLetterView::summary).toList(), page, size, total)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<DeadLetterView> get(@PathParam("id") long id) {
        return DeadLetterEntry.<DeadLetterEntry> findById(id).map(entry -> DeadLetterView.detail(found(entry, id)));
    }

    /**
     * Sends the original body, properties and message id back to the original address, once: the entry is locked,
     * sent, and marked REPLAYED in one transaction, so a second call (even a concurrent one) sends nothing.
     */
    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> replay(@PathParam("id") long id) {
        Context context = Vertx.currentContext();
        return Panache.withTransaction(() -> DeadLetterEntry.<DeadLetterEntry> findById(id,
                LockModeType.PESSIMISTIC_WRITE).chain(found -> {
                    DeadLetterEntry entry = found(found, id);
                    if (entry.status == DeadLetterStatus.DISCARDED) {
                        throw new ApiException(409, "dead-letter-discarded", "Dead letter " + id + " was discarded");
                    }
                    if (entry.status == DeadLetterStatus.REPLAYED) {
                        return Uni.createFrom().item(Response.ok(DeadLetterView.detail(entry)).build());
                    }
                    // A message that arrived without an id is replayed under a stable one derived from its entry.
                    String messageId = entry.messageId != null ? entry.messageId : "dead-letter-" + entry.id;
                    OutboundEnvelope envelope = new OutboundEnvelope(entry.address, messageId, entry.body,
                            entry.contentType, new JsonObject(entry.properties).getMap(), null);
                    return attempts.clear(entry.consumer, messageId)
                            .chain(() -> Contexts.backTo(context, sender.send(envelope)))
                            .map(sent -> {
                                entry.messageId = messageId;
                                entry.status = DeadLetterStatus.REPLAYED;
                                entry.replayCount++;
                                entry.updatedAt = Instant.now();
                                LOG.infof("Dead letter %d (consumer %s, message %s) replayed by %s", id,
                                        entry.consumer, messageId, identity.getPrincipal().getName());
                                return Response.accepted(DeadLetterView.detail(entry)).build();
                            });
                }));
    }

    /** Marks the entry DISCARDED; it is kept for the record. */
    @POST
    @Path("/{id}/discard")
    @RolesAllowed(Roles.ADMIN)
    public Uni<DeadLetterView> discard(@PathParam("id") long id) {
        return Panache.withTransaction(() -> DeadLetterEntry.<DeadLetterEntry> findById(id,
                LockModeType.PESSIMISTIC_WRITE).map(found -> {
                    DeadLetterEntry entry = found(found, id);
                    if (entry.status != DeadLetterStatus.DISCARDED) {
                        entry.status = DeadLetterStatus.DISCARDED;
                        entry.updatedAt = Instant.now();
                        LOG.infof("Dead letter %d (consumer %s, message %s) discarded by %s", id, entry.consumer,
                                entry.messageId, identity.getPrincipal().getName());
                    }
                    return DeadLetterView.detail(entry);
                }));
    }

    private static DeadLetterEntry found(DeadLetterEntry entry, long id) {
        if (entry == null) {
            throw new ApiException(404, "dead-letter-not-found", "No dead letter " + id);
        }
        return entry;
    }

    private static DeadLetterStatus parseStatus(String status) {
        try {
            return DeadLetterStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-status", "status is one of PENDING, REPLAYED, DISCARDED");
        }
    }
}
