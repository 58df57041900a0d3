package io.steadfast.runtime.idempotency;

import java.net.URI;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A response stored under an idempotency key, replayed byte for byte to every retry of the same request. */
public record StoredResponse(int status, String location, String body) {

    /** The HTTP response it stands for: its status, {@code Location} and JSON body. */
    public Response toResponse() {
        return Response.status(status).location(URI.create(location)).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body).build();
    }
}
