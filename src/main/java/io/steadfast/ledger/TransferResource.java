package io.steadfast.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.idempotency.Fingerprints;
import io.steadfast.runtime.idempotency.IdempotencyKeys;
import io.steadfast.runtime.idempotency.StoredResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/transfers")
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    public record TransferView(String transferId, String status, String reason) {
    }

    /** The body of {@code POST /transfers}, as documented; read as JSON so that every mistake is named. */
    @Schema(description = "A transfer between two accounts of the same currency")
    public record TransferRequest(@Schema(required = true) String from, @Schema(required = true) String to,
            @Schema(required = true, description = "Minor units, more than 0") long amount,
            @Schema(required = true, description = "ISO 4217, e.g. EUR") String currency) {
    }

    /** The answer of {@code POST /transfers}. */
    public record Accepted(String transferId, @Schema(enumeration = "ACCEPTED") String status) {
    }

    private static final Set<String> FIELDS = Set.of("from", "to", "amount", "currency");

    @Inject
    TransferSubmissions submissions;

    /**
     * Submits a transfer (the server assigns its id). Safe to retry with the same {@code Idempotency-Key}: the first
     * answer is replayed byte for byte, and the transfer is applied once.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TransferRequest.class)))
    @APIResponse(responseCode = "202", description = "Stored; applied once, behind the answer: follow it at Location",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    public Uni<Response> submit(@HeaderParam("Idempotency-Key") String key, JsonNode body,
            @Context SecurityContext security) {
        IdempotencyKeys.requireValid(key);
        TransferSubmissions.Request request = validate(body);
        return submissions.submit(IdempotencyKeys.scopeOf(security), key, Fingerprints.of("POST", "/transfers", body),
                request).map(StoredResponse::toResponse);
    }

    private static TransferSubmissions.Request validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(422, "invalid-transfer", "The body must be a JSON object");
        }
        if (body.has("transferId")) {
            throw new ApiException(422, "invalid-transfer", "transferId is assigned by the server; leave it out");
        }
        // A misspelt optional field would otherwise be silently dropped.
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                unknown.add("unknown field '" + abbreviate(name) + "'");
            }
        });
        if (!unknown.isEmpty()) {
            throw new ApiException(422, "invalid-transfer", String.join("; ", unknown));
        }
        ObjectNode withId = ((ObjectNode) body).deepCopy();
        withId.put("transferId", UUID.randomUUID().toString());
        try {
            TransferCommand command = TransferCommand.from(withId);
            return new TransferSubmissions.Request(command.from(), command.to(), command.amount(), command.currency());
        } catch (TransferCommand.Invalid e) {
            throw new ApiException(422, "invalid-transfer", e.getMessage());
        }
    }

    private static String abbreviate(String name) {
        return name.length() <= 50 ? name : name.substring(0, 50) + "...";
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
