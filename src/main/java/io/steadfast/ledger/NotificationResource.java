package io.steadfast.ledger;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;

@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    public record NotificationView(String transferId, String type, String status, Instant createdAt, Instant doneAt) {
    }

    @GET
    @Path("/{transferId}")
    @WithSession
    public Uni<NotificationView> get(@PathParam("transferId") String transferId) {
        UUID id = TransferResource.parseTransferId(transferId);
        return Notification.<Notification> findById(id).map(n -> {
            if (n == null) {
                throw new ApiException(404, "notification-not-found", "No notification for transfer " + transferId);
            }
            return new NotificationView(n.transferId.toString(), n.eventType, n.status, n.createdAt, n.doneAt);
        });
    }
}
