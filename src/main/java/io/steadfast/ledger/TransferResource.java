package io.steadfast.ledger;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;

@Path("/transfers")
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    public record TransferView(String transferId, String status, String reason) {
    }

    @GET
    @Path("/{transferId}")
    @WithSession
    public Uni<TransferView> get(@PathParam("transferId") String transferId) {
        UUID id = parseTransferId(transferId);
        return Transfer.<Transfer> findById(id).map(transfer -> {
            if (transfer == null) {
                throw new ApiException(404, "transfer-not-found", "No transfer " + transferId);
            }
            return new TransferView(transfer.transferId.toString(), transfer.status.name(), transfer.reason);
        });
    }

    /** A transfer id from a path, or 400 {@code invalid-transfer-id}. */
    static UUID parseTransferId(String transferId) {
        try {
            return UUID.fromString(transferId);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-transfer-id", "A transfer id is a UUID");
        }
    }
}
